"""Bulk upload: the template, row-by-row validation, all-or-nothing saving, edits by slug, and odd files."""

import csv
import io

import pytest
import sqlalchemy as sa

from directory.extensions import db
from directory.listings.models import Listing
from directory.submissions import bulk
from directory.submissions.models import Revision

HEADER = (
    "title,summary,description,provision_type,section,regions,levels,places,start_dates,seeks_partners,availability"
)


def _upload(client, content: bytes, filename="listings.csv"):
    return client.post(
        "/dashboard/upload", data={"file": (io.BytesIO(content), filename)}, content_type="multipart/form-data"
    )


def _row(title="Lab skills bootcamp", **changes):
    values = {
        "title": title,
        "summary": "Twelve weeks to a lab job.",
        "description": "Hands-on lab training.",
        "provision_type": "skills-bootcamp",
        "section": "alternative-qualifications",
        "regions": "london;south-east",
        "levels": "level-3|level-4",
        "places": "Camden; Croydon",
        "start_dates": "",
        "seeks_partners": "yes",
        "availability": "open",
    }
    values.update(changes)
    out = io.StringIO()
    csv.writer(out).writerow([values[name] for name in HEADER.split(",")])
    return out.getvalue()


def _count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_the_template_has_every_editable_column_and_the_allowed_values_are_listed(client, provider):
    response = client.get("/dashboard/upload/template.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    venue_columns = [f"venue_{n}_{part}" for n in (1, 2, 3) for part in ("name", "address", "postcode")]
    assert rows[0] == [
        "slug",
        *(column for name in Listing.EDITABLE_FIELDS for column in (venue_columns if name == "venues" else [name])),
    ]
    assert len(rows[1]) == len(rows[0])
    allowed = list(
        csv.DictReader(
            io.StringIO(client.get("/dashboard/upload/allowed-values.csv").get_data(as_text=True).lstrip("\ufeff"))
        )
    )
    assert {
        "column": "regions",
        "code": "north-east",
        "label": "North East",
        "description": "North East England, including Newcastle, Sunderland, Durham and Teesside.",
    } in allowed
    assert {row["column"] for row in allowed} == {
        "provision_type",
        "section",
        "regions",
        "levels",
        "audiences",
        "delivery",
        "costs",
        "topics",
        "availability",
        "study_modes",
        "funding",
    }


def test_the_template_example_row_itself_is_valid(client, provider):
    response = _upload(client, client.get("/dashboard/upload/template.csv").get_data())
    assert response.status_code == 200, response.get_data(as_text=True)
    assert _count(Listing) == 1


def test_a_valid_file_becomes_drafts_to_submit_together(client, pages, provider):
    content = ("\ufeff" + HEADER + "\n" + _row() + _row("Cell therapy course") + "\n").encode("utf-8")
    page = pages.post(
        "/dashboard/upload",
        data={"file": (io.BytesIO(content), "x.csv")},
        content_type="multipart/form-data",
        status=200,
    )
    assert "2 listings saved as drafts" in page.text
    listings = db.session.scalars(sa.select(Listing).order_by(Listing.id)).all()
    assert [row.status for row in listings] == ["draft", "draft"]
    assert listings[0].regions == ["london", "south-east"] and listings[0].levels == ["level-3", "level-4"]
    assert listings[0].places == ["Camden", "Croydon"] and listings[0].seeks_partners is True

    ids = [str(row.id) for row in listings]
    assert f'name="listing_id" value="{ids[0]}"' in page.html
    pages.client.post("/dashboard/upload/submit", data={"listing_id": ids})
    assert [row.status for row in listings] == ["pending", "pending"]
    assert _count(Revision) == 2


def _error_rows(response) -> list[tuple[str, str, str]]:
    table = response.get_data(as_text=True).split('id="row-errors"')[1]
    cells = [" ".join(c.split()) for c in table.split('<td class="govuk-table__cell">')[1:]]
    cells = [cell.split("</td>")[0].replace("&#39;", "'") for cell in cells]
    return [tuple(cells[i : i + 3]) for i in range(0, len(cells), 3)]


def test_a_file_with_bad_rows_saves_nothing_and_names_every_problem_in_every_row(client, provider):
    content = (
        HEADER
        + "\n"
        + _row()
        + _row("", regions="narnia;london;atlantis", provision_type="wizardry")
        + _row("Fine")
        + _row("Bad date", start_dates="2027-02-30;2027-09-01;soon", seeks_partners="perhaps")
        + _row("Bad type", provision_type="wizardry", section="a;b", availability="")
    ).encode()
    response = _upload(client, content)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Error: " in html.split("<title>")[1] and "Nothing has been saved" in html
    rows = _error_rows(response)
    regions = ", ".join(["scotland", "wales", "northern-ireland"])
    assert ("3", "title", "Enter the title") in rows
    narnia = next(row for row in rows if row[:2] == ("3", "regions") and "‘narnia’" in row[2])
    assert regions in narnia[2] and "uk-wide" in narnia[2]
    assert any(row[:2] == ("3", "regions") and "‘atlantis’" in row[2] for row in rows)
    assert any(
        row[:2] == ("3", "provision_type") and "‘wizardry’" in row[2] and "apprenticeship" in row[2] for row in rows
    )
    assert ("5", "start_dates", "Start dates: ‘2027-02-30’ is not a real date written like 2027-09-01") in rows
    assert ("5", "start_dates", "Start dates: ‘soon’ is not a real date written like 2027-09-01") in rows
    assert ("5", "seeks_partners", "Looking for employer partners: enter yes or no, not ‘perhaps’") in rows
    assert ("6", "section", "Directory section: enter one code, not 2 (‘a; b’)") in rows
    assert ("6", "availability", "Select availability") in rows
    assert not any(row[0] in ("2", "4") for row in rows)
    assert _count(Listing) == 0 and _count(Revision) == 0


def test_form_rules_name_the_value_the_file_gave(client, provider):
    response = _upload(
        client, (HEADER + ",url,hours_per_week\n" + _row("Course").rstrip("\r\n") + ",ftp://nope,lots\n").encode()
    )
    rows = _error_rows(response)
    assert (
        "2",
        "url",
        "Web page must be a full web address, like https://www.example.org (the file says ‘ftp://nope’)",
    ) in rows
    assert ("2", "hours_per_week", "Hours per week must be a number, like 16 (the file says ‘lots’)") in rows


def test_a_row_with_their_slug_becomes_an_edit_revision_and_keeps_columns_left_out(client, make, provider):
    listing = make.listing(
        organisation=provider.organisation,
        slug="lab",
        title="Lab course",
        description="Original description.",
        topics=["genomics"],
    )
    response = _upload(client, b"slug,title\nlab,Lab course (Level 3)\n")
    assert response.status_code == 200
    revision = db.session.scalars(sa.select(Revision)).one()
    assert (revision.kind, revision.state) == ("edit", "draft")
    assert revision.data["title"] == "Lab course (Level 3)"
    assert revision.data["description"] == "Original description." and revision.data["topics"] == ["genomics"]
    assert listing.title == "Lab course"


def test_the_same_listing_twice_in_one_file_is_refused(client, make, provider):
    make.listing(organisation=provider.organisation, slug="lab", title="Lab course")
    response = _upload(client, b"slug,title\nlab,One\nlab,Two\n")
    assert "This listing is already changed in row 2" in response.get_data(as_text=True)
    assert _count(Revision) == 0


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "The selected file is empty"),
        (b"\xef\xbb\xbf", "The selected file is empty"),
        (b"PK\x03\x04\x00\x00binary spreadsheet", "must be a CSV file"),
        ("title\nCafé".encode("latin-1"), "must be saved as &#39;CSV UTF-8&#39;"),
        (b"name,colour\nx,y\n", "not recognised: name, colour"),
        (b"title,title\nx,y\n", "Each column name must appear only once"),
        (b"summary\nx\n", "including &#39;title&#39;"),
        (b"title\n", "The file has no rows under its header"),
        (b'title\n"unclosed\n', None),
        (b"title\n" + b"x\n" * 501, "The file must have 500 rows or fewer"),
        (b"title\n" + b"x" * (2 * 1024 * 1024 + 10), "smaller than 2 MB"),
        (b"title,summary\na,b,c\n", "Row has 3 cells but the header has 2"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(client, provider, content, message):
    response = _upload(client, content)
    assert response.status_code == 200
    if message:
        assert message in response.get_data(as_text=True)
    assert _count(Listing) == 0


def test_no_file_is_asked_for(client, provider):
    response = client.post("/dashboard/upload", data={}, content_type="multipart/form-data")
    assert response.status_code == 200 and "Select a CSV file" in response.get_data(as_text=True)


def test_parse_works_without_a_request(app):
    parsed = bulk.parse((HEADER + "\n" + _row()).encode(), existing={})
    assert parsed.problem is None and parsed.errors == []
    assert parsed.rows[0][2]["regions"] == ["london", "south-east"]
