"""A resident's journey in Chromium: from a postcode to a local listing near them, with JavaScript on and off.

Axe runs in the JavaScript-on journey (it needs JavaScript to run; the pages' markup is the same without it)."""

import re

import pytest
from playwright.sync_api import expect

from tests.accessibility import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def local_listing(live_server):
    """A seeded site plus one listing with a venue in Edgbaston (B15)."""
    from directory.extensions import db
    from directory.listings.indexing import reconcile
    from directory.listings.models import Listing, Organisation

    with live_server.app.app_context():
        organisation = db.session.query(Organisation).first()
        db.session.add(
            Listing(
                slug="edgbaston-lab-apprenticeship",
                title="Edgbaston laboratory apprenticeship",
                organisation=organisation,
                summary="Train in a hospital laboratory in Edgbaston.",
                provision_type="apprenticeship",
                section="job-focused-training",
                regions=["west-midlands"],
                status="published",
                venues=[{"name": "Edgbaston campus", "address": "Mindelsohn Way", "postcode": "B15 2TH"}],
            )
        )
        db.session.commit()
        reconcile()
    return live_server


def test_from_a_postcode_to_a_local_listing_with_javascript(page, local_listing):
    page.goto(local_listing.url + "/")
    page.get_by_label("Search the directory").fill("apprenticeship B15 2TT")
    page.get_by_role("button", name="Search").click()
    first = page.locator(".app-card").first
    expect(first).to_contain_text("Edgbaston laboratory apprenticeship")
    expect(first).to_contain_text("Less than 1 mile away")
    expect(page.locator("#search-results")).to_contain_text("Showing provision in West Midlands first")
    assert serious_violations(page) == []
    page.get_by_label("Distance").select_option("10")
    page.get_by_role("button", name="Search", exact=True).click()  # a select applies on an explicit action
    expect(page).to_have_url(re.compile(r"distance=10"))
    expect(page.locator("#search-results")).to_contain_text("within 10 miles")
    page.get_by_role("link", name="Edgbaston laboratory apprenticeship").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edgbaston laboratory apprenticeship")
    expect(page.locator("main")).to_contain_text("Edgbaston campus, Mindelsohn Way, B15 2TH")
    assert serious_violations(page) == []


def test_from_a_postcode_to_a_local_listing_without_javascript(browser, local_listing):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(local_listing.url + "/search")
    page.get_by_label("Town, city or postcode (optional)").fill("B15 2TT")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_label("Distance").select_option("10")  # offered once a place is known
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"place=B15\+2TT.*distance=10"))
    first = page.locator(".app-card").first
    expect(first).to_contain_text("Edgbaston laboratory apprenticeship")
    expect(first).to_contain_text("Less than 1 mile away")
    page.get_by_role("link", name="Edgbaston laboratory apprenticeship").click()
    expect(page.locator("main")).to_contain_text("Edgbaston campus")
    context.close()
