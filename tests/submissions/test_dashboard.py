"""The provider dashboard: status of each listing, what needs checking (with the clock moved), one-click confirm."""

from datetime import timedelta

from directory import clock
from directory.listings.rules import VERIFY_AFTER


def _move_clock(monkeypatch, days):
    later = clock.now() + timedelta(days=days)
    monkeypatch.setattr(clock, "now", lambda: later)
    return later


def test_the_dashboard_lists_each_listing_with_its_status(pages, make, provider):
    org = provider.organisation
    make.listing(organisation=org, title="Published course")
    make.listing(organisation=org, title="Draft course", status="draft")
    make.listing(organisation=org, title="Archived course", status="archived")
    page = pages.get("/dashboard")
    assert page.h1 == "Your dashboard" and org.name in page.text
    for text in ("Published course Published", "Draft course Draft", "Archived course Archived"):
        assert text in page.text, text
    for link in ("/dashboard/listings/new", "/dashboard/upload", "/dashboard/organisation"):
        assert link in page.hrefs()


def test_listings_unchecked_for_a_year_are_flagged_and_one_click_confirms(client, pages, make, provider, monkeypatch):
    stale = make.listing(organisation=provider.organisation, title="Old course")
    _move_clock(monkeypatch, VERIFY_AFTER.days + 1)
    fresh = make.listing(organisation=provider.organisation, title="New course")
    page = pages.get("/dashboard")
    assert "1 of your listings has not been checked for over a year" in page.text
    old_item = page.html.split(f'id="listing-{stale.id}"')[1].split("</li>")[0]
    new_item = page.html.split(f'id="listing-{fresh.id}"')[1].split("</li>")[0]
    assert "Not checked since" in old_item and "Not checked since" not in new_item
    assert "not been checked by its provider for over a year" in pages.get(f"/listings/{stale.slug}").text

    response = client.post(f"/dashboard/listings/{stale.id}/confirm")
    assert response.status_code == 302
    assert stale.last_verified_at == clock.now() and not stale.needs_verification()
    page = pages.get("/dashboard")
    assert "has not been checked for over a year" not in page.text
    assert "is marked as checked today" in page.text


def test_eighteen_months_unchecked_marks_the_page_until_confirmed(client, pages, make, provider, monkeypatch):
    listing = make.listing(organisation=provider.organisation, slug="old")
    _move_clock(monkeypatch, 600)
    assert "may be out of date" in pages.get("/listings/old").text
    client.post(f"/dashboard/listings/{listing.id}/confirm")
    assert "may be out of date" not in pages.get("/listings/old").text


def test_only_published_listings_can_be_confirmed(client, make, provider):
    draft = make.listing(organisation=provider.organisation, status="draft")
    client.post(f"/dashboard/listings/{draft.id}/confirm")
    assert draft.last_verified_at is None


def test_a_person_without_an_organisation_sees_why(pages, make, sign_in):
    sign_in(make.user(role="moderator", organisation=None))
    assert "review queue" in pages.get("/dashboard").text
    sign_in(make.user(role="provider", organisation=None))
    assert "not linked to an organisation" in pages.get("/dashboard").text
    response = pages.client.get("/dashboard/listings/new")
    assert response.status_code == 302 and response.headers["Location"] == "/account/waiting"
