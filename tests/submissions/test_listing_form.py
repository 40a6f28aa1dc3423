"""A provider writes a listing: validation, drafts, preview, submission, and edits that wait for review."""

from datetime import timedelta

import sqlalchemy as sa

from directory import clock
from directory.audit import AuditEvent
from directory.extensions import db
from directory.listings.models import Listing
from directory.submissions.models import Revision
from tests.submissions.helpers import write_listing


def _only_listing():
    return db.session.scalars(sa.select(Listing)).one()


def test_a_complete_listing_is_saved_previewed_and_sent_for_review(client, pages, provider, answers):
    response = client.post("/dashboard/listings/new", data=answers)
    listing = _only_listing()
    assert response.status_code == 302 and response.headers["Location"] == f"/dashboard/listings/{listing.id}/edit"
    write_listing(client, answers, listing.id)
    assert (listing.slug, listing.status, listing.organisation_id) == (
        "bioscience-technician-apprenticeship",
        "draft",
        provider.organisation_id,
    )
    assert listing.regions == ["wales", "south-west"] and listing.places == ["Cardiff", "Bristol"]
    assert listing.postcode == "CF10 3AT" and listing.seeks_partners is True

    preview = pages.get(f"/dashboard/listings/{listing.id}/preview")
    assert "This is a preview. It is not published." in preview
    assert preview.h1 == "Bioscience technician apprenticeship"
    assert "Wales, South West; Cardiff, Bristol" in preview.text
    assert '<meta name="robots" content="noindex, nofollow">' in preview.html
    assert preview.response.headers["X-Robots-Tag"] == "noindex, nofollow"
    pages.get(f"/listings/{listing.slug}", status=404)  # not public yet

    client.post(f"/dashboard/listings/{listing.id}/submit")
    assert listing.status == "pending"
    revision = db.session.scalars(sa.select(Revision)).one()
    assert (revision.kind, revision.state) == ("new", "pending") and revision.submitted_at is not None
    assert "Pending review" in pages.get("/dashboard").text


def test_an_invalid_listing_comes_back_with_everything_typed_and_an_error_summary(pages, provider, answers):
    typed = dict(
        answers,
        title="",
        url="not a web address",
        regions=["wales", "atlantis"],
        apply_by=["31", "2", "2027"],
        start_dates="7 9 2027\n30 2 2028",
        contact_email="nobody-at-example.org",
        summary="Ünïcode summary <b>kept</b>",
        hours_per_week="lots",
    )
    page = pages.post("/dashboard/listings/new", data=typed, status=200)
    assert page.title.startswith("Error: ") and "Enter the title" in _summary(page, "#title")
    assert "Ünïcode summary &lt;b&gt;kept&lt;/b&gt;" in page.html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Listing)) == 0

    listing_id, _ = write_listing(pages.client, dict(answers, action="draft"))
    checks = {
        "where": [("#regions", "Select regions from the list")],
        "when": [
            ("#apply_by-day", "Apply by must be a real date"),
            ("#start_dates", "Start date ‘30 2 2028’ must be a real date, like 7 9 2027"),
            ("#hours_per_week", "Hours per week must be a number, like 16"),
        ],
        "take-part": [
            ("#url", "Web page must be a full web address"),
            ("#contact_email", "Enter contact email address in the correct format"),
        ],
    }
    for section, expected in checks.items():
        page = pages.post(f"/dashboard/listings/{listing_id}/edit/{section}", data=typed, status=200)
        assert page.title.startswith("Error: ")
        for anchor, message in expected:
            assert message in _summary(page, anchor), message
    page = pages.post(f"/dashboard/listings/{listing_id}/edit/take-part", data=typed, status=200)
    assert 'value="not a web address"' in page.html and 'value="nobody-at-example.org"' in page.html
    page = pages.post(f"/dashboard/listings/{listing_id}/edit/when", data=typed, status=200)
    assert 'value="31"' in page.html and 'value="2027"' in page.html and "7 9 2027\n30 2 2028" in page.html
    assert 'value="lots"' in page.html
    page = pages.post(f"/dashboard/listings/{listing_id}/edit/where", data=typed, status=200)
    assert 'value="wales" checked' in page.html and "Cardiff\nBristol" in page.html
    assert _only_listing().regions == ["wales", "south-west"]  # nothing saved from the refused pages


def _summary(page, anchor: str) -> str:
    """The error summary's message that links to `anchor` ('' when none does)."""
    summary = page.html.split("govuk-error-summary__list")[1].split("</ul>")[0]
    return next((item for item in summary.split("<li>") if f'href="{anchor}"' in item), "")


def test_a_draft_can_be_saved_with_only_a_title_but_not_submitted(client, pages, provider):
    response = client.post("/dashboard/listings/new", data={"title": "Half-written course", "action": "draft"})
    listing = _only_listing()
    assert response.headers["Location"] == f"/dashboard/listings/{listing.id}/edit"
    assert listing.status == "draft" and listing.regions == []
    assert "is saved as a draft" in pages.get(f"/dashboard/listings/{listing.id}/edit").text

    preview = pages.get(f"/dashboard/listings/{listing.id}/preview")
    assert "Some questions still need an answer" in preview.text
    response = client.post(f"/dashboard/listings/{listing.id}/submit")
    assert listing.status == "draft"
    assert response.headers["Location"] == f"/dashboard/listings/{listing.id}/preview"
    missing = pages.get(response.headers["Location"]).html.split('id="missing-answers"')[1].split("</ul>")[0]
    assert f'href="/dashboard/listings/{listing.id}/edit/about?check=1#summary">Enter a summary' in missing
    assert f'href="/dashboard/listings/{listing.id}/edit/where?check=1#regions">Select at least one region' in missing
    form = pages.get(f"/dashboard/listings/{listing.id}/edit/about?check=1")
    assert form.title.startswith("Error: ") and "Enter a summary" in form.text
    assert 'value="Half-written course"' in form.html


def test_a_draft_still_refuses_values_in_the_wrong_format(pages, provider):
    listing_id, _ = write_listing(pages.client, {"title": "Course", "action": "draft"})
    page = pages.post(f"/dashboard/listings/{listing_id}/edit/take-part", status=200, data={"url": "ftp://nope"})
    assert "Web page must be a full web address" in page.text
    page = pages.post(f"/dashboard/listings/{listing_id}/edit/where", status=200, data={"regions": ["mars"]})
    assert "Select regions from the list" in page.text
    assert _only_listing().url is None and _only_listing().regions == []


def test_dates_must_be_real_and_in_order(pages, provider, answers):
    today = clock.now().date()
    past = today - timedelta(days=3)
    listing_id, _ = write_listing(pages.client, answers)
    when = f"/dashboard/listings/{listing_id}/edit/when"
    page = pages.post(when, status=200, data=dict(answers, start_dates=f"{past.day} {past.month} {past.year}"))
    assert "must be today or in the future" in page.text
    page = pages.post(when, status=200, data=dict(answers, apply_by=["1", "", "2027"]))
    assert "Apply by must include a month" in page.text
    page = pages.post(when, status=200, data=dict(answers, rolling="y", start_dates=f"1 9 {today.year + 1}"))
    assert "Leave the start dates empty if people can start at any time" in page.text
    page = pages.post(
        when,
        status=200,
        data=dict(answers, start_dates=f"1 9 {today.year + 1}", apply_by=["2", "9", str(today.year + 1)]),
    )
    assert "Apply by date must be on or before the last start date" in page.text
    page = pages.post(when, status=200, data=dict(answers, start_dates=f"1 9 {today.year + 7}"))
    assert "must be within the next 5 years" in page.text


def test_slugs_come_from_the_title_and_are_unique(client, make, provider, answers):
    make.listing(slug="bioscience-technician-apprenticeship")
    write_listing(client, dict(answers, title="Bioscience Technician Apprenticeship!"))
    write_listing(client, dict(answers, title="Bioscience technician — apprenticeship"))
    write_listing(client, dict(answers, title="生物"))
    slugs = db.session.scalars(sa.select(Listing.slug).where(Listing.organisation_id == provider.organisation_id))
    assert sorted(slugs) == [
        "bioscience-technician-apprenticeship-2",
        "bioscience-technician-apprenticeship-3",
        "listing",
    ]


def test_editing_a_published_listing_keeps_it_live_until_approved(client, pages, make, provider, answers):
    listing = make.listing(organisation=provider.organisation, slug="lab-tech", title="Lab technician")
    form = pages.get(f"/dashboard/listings/{listing.id}/edit/about")
    assert 'value="Lab technician"' in form.html and "the current version stays live" in form.text

    write_listing(client, dict(answers, title="Senior lab technician"), listing.id)
    client.post(f"/dashboard/listings/{listing.id}/submit")
    revision = db.session.scalars(sa.select(Revision)).one()
    assert (revision.kind, revision.state, revision.data["title"]) == ("edit", "pending", "Senior lab technician")
    assert pages.get("/listings/lab-tech").h1 == "Lab technician"
    assert "Your changes are waiting for review" in pages.get("/dashboard").text
    # Coming back to the form shows the pending proposal, not the live version.
    assert 'value="Senior lab technician"' in pages.get(f"/dashboard/listings/{listing.id}/edit/about").html


def test_a_provider_can_withdraw_a_pending_edit(client, pages, make, provider, answers):
    listing = make.listing(organisation=provider.organisation, title="Lab technician")
    write_listing(client, dict(answers, title="Renamed"), listing.id)
    client.post(f"/dashboard/listings/{listing.id}/submit")
    client.post(f"/dashboard/listings/{listing.id}/withdraw")
    assert db.session.scalars(sa.select(Revision.state)).all() == ["withdrawn"]
    assert listing.title == "Lab technician" and listing.status == "published"
    assert 'value="Lab technician"' in pages.get(f"/dashboard/listings/{listing.id}/edit/about").html


def test_withdrawing_a_new_listing_returns_it_to_draft(client, provider, answers):
    write_listing(client, answers)
    listing = _only_listing()
    client.post(f"/dashboard/listings/{listing.id}/submit")
    client.post(f"/dashboard/listings/{listing.id}/withdraw")
    assert listing.status == "draft"
    client.post(f"/dashboard/listings/{listing.id}/submit")
    assert listing.status == "pending"


def test_archive_and_temporary_closure_need_no_review(client, pages, make, provider):
    listing = make.listing(organisation=provider.organisation, slug="lab")
    client.post(f"/dashboard/listings/{listing.id}/availability", data={"availability": "temporarily-closed"})
    assert "Temporarily closed:" in pages.get("/listings/lab").text
    client.post(f"/dashboard/listings/{listing.id}/availability", data={"availability": "open"})
    assert listing.availability == "open"
    assert (
        client.post(f"/dashboard/listings/{listing.id}/availability", data={"availability": "ended"}).status_code == 400
    )
    assert "Archive “" in pages.get(f"/dashboard/listings/{listing.id}/archive").h1
    client.post(f"/dashboard/listings/{listing.id}/archive")
    assert listing.status == "archived"
    pages.get("/listings/lab", status=404)
    actions = db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["availability", "availability", "archive"]


def test_every_save_is_in_the_audit_trail(client, provider, answers):
    write_listing(client, dict(answers, action="draft"))
    listing = _only_listing()
    sections_saved = db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert sections_saved == ["create"] + ["save-draft"] * 6  # the first page, then each other section
    write_listing(client, dict(answers, summary="A better summary."), listing.id)  # one section changes
    client.post(f"/dashboard/listings/{listing.id}/submit")
    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()[6:]
    assert [e.action for e in events] == ["save-draft", "save-draft", "submit"]
    assert all(e.actor_id == provider.id for e in events)
    assert events[1].before == {"summary": answers["summary"]}
    assert events[1].after == {"summary": "A better summary."}


def test_the_organisation_profile_changes_at_once_and_is_recorded(client, pages, provider, make):
    make.listing(organisation=provider.organisation)  # an organisation is public once it has a published listing
    old_name = provider.organisation.name
    page = pages.get("/dashboard/organisation")
    assert f'value="{old_name}"' in page.html
    response = client.post(
        "/dashboard/organisation",
        data={
            "name": "Renamed College",
            "description": "We teach science.",
            "org_type": "college",
            "website": "https://college.example.org",
            "regions": ["wales"],
            "email": "",
            "phone": "",
        },
    )
    assert response.status_code == 302
    assert pages.get(f"/providers/{provider.organisation.slug}").h1 == old_name  # a new name waits for review
    events = {
        event.action: event
        for event in db.session.scalars(sa.select(AuditEvent).where(AuditEvent.entity_type == "organisation"))
    }
    assert events["propose-identity"].after["name"] == "Renamed College"
    assert events["update"].after["regions"] == ["wales"] and events["update"].actor_id == provider.id

    page = pages.post(
        "/dashboard/organisation", status=200, data={"name": "", "org_type": "castle", "website": "web", "regions": []}
    )
    assert page.title.startswith("Error: ")
    for message in (
        "Enter the organisation name",
        "Select a type of organisation from the list",
        "Website must be a full web address",
        "Select at least one region",
    ):
        assert message in page.text


def test_saving_a_published_listing_unchanged_creates_nothing_to_review(client, pages, make, provider):
    listing = make.listing(organisation=provider.organisation, title="Lab course")
    form = pages.get(f"/dashboard/listings/{listing.id}/edit/about")
    assert 'value="Lab course"' in form.html
    from directory.submissions.forms import formdata_from

    data = formdata_from(listing.snapshot())
    data["action"] = "preview"
    write_listing(client, data, listing.id)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Revision)) == 0
    assert "There are no changes to send" in pages.get(f"/dashboard/listings/{listing.id}/preview").text


def test_closing_a_listing_is_not_undone_by_approving_an_older_edit(
    client, make, provider, answers, sign_in, moderator
):
    listing = make.listing(organisation=provider.organisation, title="Lab course")
    write_listing(client, dict(answers, title="Lab course v2"), listing.id)
    client.post(f"/dashboard/listings/{listing.id}/submit")
    client.post(f"/dashboard/listings/{listing.id}/availability", data={"availability": "temporarily-closed"})
    revision = db.session.scalars(sa.select(Revision)).one()
    sign_in(moderator)
    client.post(f"/moderation/revisions/{revision.id}", data={"decision": "approve"})
    assert (listing.title, listing.availability) == ("Lab course v2", "temporarily-closed")


def test_line_breaks_from_a_browser_do_not_count_as_a_change(client, make, provider):
    listing = make.listing(organisation=provider.organisation, description="First.\n\nSecond.")
    from directory.submissions.forms import formdata_from

    data = formdata_from(listing.snapshot())
    data["description"] = "First.\r\n\r\nSecond."
    write_listing(client, data, listing.id)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Revision)) == 0


def test_length_limits_are_worded_for_people(pages, provider, answers):
    long = dict(answers, title="t" * 201, cost_details="c" * 2001, places="p" * 101)
    page = pages.post("/dashboard/listings/new", status=200, data=long)
    assert "Title must be 200 characters or fewer" in page.text and "t" * 201 in page.html
    listing_id, _ = write_listing(pages.client, answers)
    page = pages.post(f"/dashboard/listings/{listing_id}/edit/cost", status=200, data=long)
    assert "Cost details must be 2000 characters or fewer" in page.text
    page = pages.post(f"/dashboard/listings/{listing_id}/edit/where", status=200, data=long)
    assert "Each of the places must be 100 characters or fewer" in page.text
