"""Moderators review the queue oldest first, see what would change in words, approve or reject, and read history."""

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from directory import clock
from directory.extensions import db
from directory.listings.models import Listing
from directory.listings.signals import listings_changed
from directory.submissions.models import Revision
from tests.submissions.helpers import write_listing


@pytest.fixture
def announced(app):
    """The listing ids each listings_changed signal carried (what search would re-index)."""
    seen = []

    def receiver(sender, listing_ids):
        seen.append(list(listing_ids))

    listings_changed.connect(receiver, app)
    yield seen
    listings_changed.disconnect(receiver, app)


@pytest.fixture
def as_moderator(sign_in, moderator):
    return lambda: sign_in(moderator)


def _submitted_new_listing(client, answers, **changes):
    write_listing(client, dict(answers, **changes))
    listing = db.session.scalars(sa.select(Listing).order_by(Listing.id.desc()).limit(1)).one()
    client.post(f"/dashboard/listings/{listing.id}/submit")
    return listing


def test_the_queue_lists_new_listings_and_edits_oldest_first(
    client, pages, provider, make, answers, as_moderator, monkeypatch
):
    moments = iter([datetime(2026, 1, 1, 9), datetime(2026, 1, 2, 9), datetime(2026, 1, 3, 9)])
    published = make.listing(organisation=provider.organisation, title="Live course")
    for title in ("Second course", "Third course"):
        when = next(moments)
        monkeypatch.setattr(clock, "now", lambda when=when: when)
        if title == "Second course":
            write_listing(client, dict(answers, title=title), published.id)
            client.post(f"/dashboard/listings/{published.id}/submit")
        else:
            _submitted_new_listing(client, answers, title=title)
    when = next(moments)
    monkeypatch.setattr(clock, "now", lambda: when)
    as_moderator()
    page = pages.get("/moderation")
    table = page.html.split("<tbody")[1]
    assert table.index("Second course") < table.index("Third course")
    assert "Change to a published listing" in page.text and "New listing" in page.text
    assert "2 waiting, oldest first" in page.text


def test_approving_a_new_listing_publishes_it_and_tells_search(
    client, pages, provider, answers, as_moderator, announced
):
    listing = _submitted_new_listing(client, answers)
    revision = db.session.scalars(sa.select(Revision)).one()
    as_moderator()
    review = pages.get(f"/moderation/revisions/{revision.id}")
    assert "Wales" in review.text and "South West" in review.text and "Apprenticeship" in review.text
    assert "south-west" not in review.text  # labels, never codes
    announced.clear()
    response = client.post(f"/moderation/revisions/{revision.id}", data={"decision": "approve"})
    assert response.status_code == 302
    assert listing.status == "published" and listing.published_at is not None
    assert revision.state == "approved" and revision.decided_by_id is not None
    assert [listing.id] in announced
    assert pages.get(f"/listings/{listing.slug}").h1 == answers["title"]
    assert answers["title"] in pages.get("/regions/wales").text
    assert "Nothing is waiting for review" in pages.get("/moderation").text


def test_an_edit_shows_a_field_by_field_difference_and_applies_on_approval(
    client, pages, make, provider, answers, as_moderator, announced
):
    listing = make.listing(
        organisation=provider.organisation, slug="lab", title="Lab course", regions=["london"], levels=["level-3"]
    )
    write_listing(client, dict(answers, title="Lab course", regions=["london", "scotland"]), listing.id)
    client.post(f"/dashboard/listings/{listing.id}/submit")
    revision = db.session.scalars(sa.select(Revision)).one()
    as_moderator()
    page = pages.get(f"/moderation/revisions/{revision.id}")
    rows = page.html.split("<tbody")[1]
    assert "Regions" in rows and "London<br>Scotland" in rows
    assert ">Title" not in rows  # unchanged answers are left out
    assert "Title" in pages.get(f"/moderation/revisions/{revision.id}?show=all").html.split("<tbody")[1]

    announced.clear()
    client.post(f"/moderation/revisions/{revision.id}", data={"decision": "approve"})
    assert listing.regions == ["scotland", "london"] and listing.status == "published"
    assert announced == [[listing.id]]
    assert "Lab course" in pages.get("/regions/scotland").text


def test_rejecting_needs_a_reason_which_the_provider_then_sees(
    client, pages, make, provider, answers, sign_in, moderator
):
    listing = make.listing(organisation=provider.organisation, slug="lab", title="Lab course")
    write_listing(client, dict(answers, title="Best course in the world!!!"), listing.id)
    client.post(f"/dashboard/listings/{listing.id}/submit")
    revision = db.session.scalars(sa.select(Revision)).one()
    sign_in(moderator)
    page = pages.post(f"/moderation/revisions/{revision.id}", data={"decision": "reject", "reason": "  "}, status=200)
    assert page.title.startswith("Error: ") and "Enter the reason for rejecting it" in page.text
    assert revision.state == "pending"

    client.post(
        f"/moderation/revisions/{revision.id}",
        data={"decision": "reject", "reason": "Please use a plain, factual title."},
    )
    assert revision.state == "rejected" and listing.title == "Lab course" and listing.status == "published"
    sign_in(provider)
    assert "The moderator said: Please use a plain, factual title." in pages.get("/dashboard").text
    # A decided revision cannot be decided again.
    sign_in(moderator)
    client.post(f"/moderation/revisions/{revision.id}", data={"decision": "approve"})
    assert revision.state == "rejected" and listing.title == "Lab course"


def test_a_rejected_new_listing_can_be_fixed_and_resubmitted(client, provider, answers, sign_in, moderator):
    listing = _submitted_new_listing(client, answers)
    revision = db.session.scalars(sa.select(Revision)).one()
    sign_in(moderator)
    client.post(f"/moderation/revisions/{revision.id}", data={"decision": "reject", "reason": "Add the level."})
    assert listing.status == "rejected"
    sign_in(provider)
    write_listing(client, dict(answers, levels=["level-3", "level-4"]), listing.id)
    client.post(f"/dashboard/listings/{listing.id}/submit")
    assert listing.status == "pending"
    assert db.session.scalars(sa.select(Revision.state).order_by(Revision.id)).all() == ["rejected", "pending"]


def test_history_shows_who_when_what_before_and_after(client, pages, make, provider, answers, sign_in, moderator):
    listing = make.listing(organisation=provider.organisation, title="Lab course", costs=["free"])
    write_listing(client, dict(answers, title="Lab course", costs=["paid"]), listing.id)
    client.post(f"/dashboard/listings/{listing.id}/submit")
    revision = db.session.scalars(sa.select(Revision)).one()
    sign_in(moderator)
    client.post(f"/moderation/revisions/{revision.id}", data={"decision": "approve"})
    client.post(f"/moderation/listings/{listing.id}/verify")
    page = pages.get(f"/moderation/listings/{listing.id}/history")
    text = page.html.split('class="govuk-list app-history"')[1]
    for expected in (
        "Propose edit: Priya Provider",
        "Submit: Priya Provider",
        "Approve: Mo Moderator",
        "Verify: Mo Moderator",
        "Free",
        "Fee-paying",
    ):
        assert expected in text, expected
    assert text.index("Propose edit") < text.index("Approve") < text.index("Verify")
    assert listing.last_verified_at is not None
    assert f"History: {listing.title}" in page.title
    pages.get("/moderation/listings/999999/history", status=404)
    pages.get("/moderation/revisions/999999", status=404)


def test_a_moderator_can_see_an_organisation_profile_history(client, pages, provider, sign_in, moderator):
    client.post(
        "/dashboard/organisation",
        data={"name": "New Name", "description": "About us.", "org_type": "charity", "regions": ["wales"]},
    )
    sign_in(moderator)
    page = pages.get(f"/moderation/organisations/{provider.organisation_id}/history")
    for text in ("Update: Priya Provider", "New Name", "Charity or social enterprise"):
        assert text in page.text


def test_a_withdrawn_revision_cannot_be_approved(client, make, provider, answers, sign_in, moderator):
    listing = make.listing(organisation=provider.organisation, title="Lab course")
    write_listing(client, dict(answers, title="Changed"), listing.id)
    client.post(f"/dashboard/listings/{listing.id}/submit")
    client.post(f"/dashboard/listings/{listing.id}/withdraw")
    revision = db.session.scalars(sa.select(Revision)).one()
    sign_in(moderator)
    response = client.post(f"/moderation/revisions/{revision.id}", data={"decision": "approve"})
    assert response.status_code == 302 and listing.title == "Lab course" and revision.state == "withdrawn"


def test_moderator_verification_moves_the_freshness_clock(client, make, sign_in, moderator, monkeypatch):
    listing = make.listing(published_at=clock.now() - timedelta(days=400))
    assert listing.needs_verification()
    sign_in(moderator)
    client.post(f"/moderation/listings/{listing.id}/verify")
    assert not listing.needs_verification()


def test_a_moderator_finds_any_listings_history_by_slug_or_from_recent_decisions(
    client, pages, make, provider, answers, sign_in, moderator
):
    listing = _submitted_new_listing(client, answers)
    revision = db.session.scalars(sa.select(Revision)).one()
    sign_in(moderator)
    client.post(f"/moderation/revisions/{revision.id}", data={"decision": "approve"})
    page = pages.get("/moderation")
    assert page.link_to(listing.title) == f"/moderation/listings/{listing.id}/history"
    response = client.get("/moderation/history", query_string={"slug": listing.slug})
    assert response.headers["Location"] == f"/moderation/listings/{listing.id}/history"
    missing = pages.get("/moderation/history?slug=no-such-thing", status=404)
    assert "No listing has the slug “no-such-thing”" in missing.text


def test_moderators_cannot_open_a_draft_the_provider_has_not_submitted(client, make, sign_in):
    from directory.submissions.models import Revision

    listing = make.listing(status="draft")
    draft = Revision(
        listing_id=listing.id,
        organisation_id=listing.organisation_id,
        kind="new",
        state="draft",
        data=listing.snapshot(),
    )
    db.session.add(draft)
    db.session.commit()
    sign_in(make.user(role="moderator", organisation=None))
    assert client.get(f"/moderation/revisions/{draft.id}").status_code == 404
