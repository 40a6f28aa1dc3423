"""Venues a provider enters (up to three, each a name, address and postcode): on the "Where it runs" page and in the
CSV upload, through review, onto the public listing page with coordinates from the postcode."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa

from directory.extensions import db
from directory.listings.models import Listing
from directory.submissions.models import Revision
from tests.submissions.helpers import write_listing

TWO_VENUES = {
    "venue_1_name": "Manchester Science Park",
    "venue_1_address": "Lloyd Street North",
    "venue_1_postcode": "m1 1ae",
    "venue_2_name": "Leeds Teaching Lab",
    "venue_2_address": "1 Park Row",
    "venue_2_postcode": "LS1 4AP",
}


def _upload(client, rows: list[dict]):
    header = list(dict.fromkeys(column for row in rows for column in row))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([[row.get(column, "") for column in header] for row in rows])
    return client.post(
        "/dashboard/upload",
        data={"file": (io.BytesIO(out.getvalue().encode()), "venues.csv")},
        content_type="multipart/form-data",
    )


def test_a_provider_adds_two_venues_which_go_live_when_approved(client, pages, provider, answers, sign_in, moderator):
    listing_id, response = write_listing(client, dict(answers, **TWO_VENUES))
    assert response.status_code == 302
    where = pages.get(f"/dashboard/listings/{listing_id}/edit/where")
    assert "Venue 1" in where.text and "Venue 3" in where.text and 'value="Leeds Teaching Lab"' in where.html
    assert 'value="M1 1AE"' in where.html  # tidied as it is saved
    venue_2 = where.html.split("Venue 2")[1].split("</fieldset>")[0]
    assert (
        venue_2.index('id="venue_2_name"')
        < venue_2.index('id="venue_2_address"')
        < venue_2.index('id="venue_2_postcode"')
    )
    preview = pages.get(f"/dashboard/listings/{listing_id}/preview").text
    assert "Manchester Science Park, Lloyd Street North, M1 1AE" in preview
    assert "Leeds Teaching Lab, 1 Park Row, LS1 4AP" in preview
    assert client.post(f"/dashboard/listings/{listing_id}/submit").status_code == 302

    sign_in(moderator)
    revision = db.session.scalars(sa.select(Revision)).one()
    review = pages.get(f"/moderation/revisions/{revision.id}").html.split("<tbody")[1]
    assert "Manchester Science Park, Lloyd Street North, M1 1AE<br>Leeds Teaching Lab, 1 Park Row, LS1 4AP" in review
    client.post(f"/moderation/revisions/{revision.id}", data={"decision": "approve"})

    listing = db.session.get(Listing, listing_id)
    assert listing.status == "published"
    page = pages.get(f"/listings/{listing.slug}").text
    assert "Manchester Science Park, Lloyd Street North, M1 1AE; Leeds Teaching Lab, 1 Park Row, LS1 4AP" in page
    assert [venue.postcode for venue in listing.venue_rows] == ["M1 1AE", "LS1 4AP"]
    assert all(venue.latitude is not None and venue.longitude is not None for venue in listing.venue_rows)


def test_an_edit_waiting_for_review_leaves_the_live_venues_alone(client, pages, make, provider, sign_in, moderator):
    live = [{"name": "Old lab", "address": "2 High Street", "postcode": "M1 1AE"}]
    listing = make.listing(organisation=provider.organisation, slug="lab", title="Lab course", venues=live)
    response = client.post(f"/dashboard/listings/{listing.id}/edit/where", data={"regions": ["london"], **TWO_VENUES})
    assert response.status_code == 302
    client.post(f"/dashboard/listings/{listing.id}/submit")
    db.session.expire_all()
    assert listing.venues == live  # still the published venues while the edit waits

    sign_in(moderator)
    revision = db.session.scalars(sa.select(Revision)).one()
    assert revision.data["venues"][1] == {"name": "Leeds Teaching Lab", "address": "1 Park Row", "postcode": "LS1 4AP"}
    rows = pages.get(f"/moderation/revisions/{revision.id}").html.split("<tbody")[1]
    assert "Old lab, 2 High Street, M1 1AE" in rows and "Leeds Teaching Lab, 1 Park Row, LS1 4AP" in rows
    client.post(f"/moderation/revisions/{revision.id}", data={"decision": "approve"})
    db.session.expire_all()
    assert [venue["name"] for venue in listing.venues] == ["Manchester Science Park", "Leeds Teaching Lab"]
    assert listing.venue_rows[1].latitude is not None


def test_a_bad_venue_postcode_is_named_linked_and_what_was_typed_comes_back(client, pages, provider, answers):
    listing_id, _ = write_listing(client, answers)
    typed = dict(TWO_VENUES, venue_2_postcode="LS1 4A", venue_3_name="Evening class room")
    page = pages.post(f"/dashboard/listings/{listing_id}/edit/where", data={"regions": ["london"], **typed}, status=200)
    assert page.title.startswith("Error: ")
    summary = page.html.split('govuk-error-summary__list">')[1].split("</ul>")[0]
    assert '<a href="#venue_2_postcode">Enter a real postcode for venue 2, like B15 2TT</a>' in summary
    assert '<a href="#venue_3_postcode">Enter a postcode for venue 3</a>' in summary
    assert "venue_1_postcode" not in summary
    for value in ("Leeds Teaching Lab", "1 Park Row", "LS1 4A", "Evening class room", "Manchester Science Park"):
        assert f'value="{value}"' in page.html, value
    assert db.session.get(Listing, listing_id).venues == []


def test_the_csv_template_and_upload_round_trip_venues(client, provider):
    template = client.get("/dashboard/upload/template.csv").get_data(as_text=True).lstrip("\ufeff")
    header, example = list(csv.reader(io.StringIO(template)))[:2]
    assert [column for column in header if column.startswith("venue_")] == [
        f"venue_{n}_{part}" for n in (1, 2, 3) for part in ("name", "address", "postcode")
    ]
    assert _upload(client, [dict(zip(header, example, strict=False))]).status_code == 200  # the example row is valid

    row = {
        "title": "Uploaded course",
        "summary": "S.",
        "description": "D.",
        "provision_type": "short-course",
        "section": "job-focused-training",
        "regions": "north-west",
        "availability": "open",
        **TWO_VENUES,
    }
    response = _upload(client, [row])
    assert response.status_code == 200, response.get_data(as_text=True)
    listing = db.session.scalars(sa.select(Listing).where(Listing.title == "Uploaded course")).one()
    assert [venue["postcode"] for venue in listing.venues] == ["M1 1AE", "LS1 4AP"]
    assert all(venue.latitude is not None for venue in listing.venue_rows)


def test_the_csv_upload_reports_every_venue_problem_at_once(client, pages, provider):
    good = {
        "title": "Good course",
        "summary": "S.",
        "description": "D.",
        "provision_type": "short-course",
        "section": "job-focused-training",
        "regions": "london",
        "availability": "open",
    }
    rows = [
        dict(good, venue_1_name="Lab", venue_1_postcode="M1 1AE", venue_2_name="Annexe", venue_2_postcode="nope"),
        dict(good, title="Second", regions="atlantis", venue_3_address="3 Low Road"),
    ]
    response = _upload(client, rows)
    assert response.status_code == 200
    text = " ".join(response.get_data(as_text=True).split())
    assert "Enter a real postcode for venue 2, like B15 2TT (the file says ‘nope’)" in text
    assert "Enter a postcode for venue 3" in text
    assert "‘atlantis’ is not one of the allowed codes" in text  # the other columns' problems too
    assert ">venue_2_postcode<" in text and ">venue_3_postcode<" in text
    assert db.session.scalars(sa.select(Listing)).all() == []
