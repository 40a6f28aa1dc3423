"""In Chromium: "Add to shortlist" in place and announced, the shortlist and compare pages at 320 px and desktop
width (axe finds nothing serious), the alert pages, and a listing page printed without its navigation."""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from directory.extensions import db
from directory.listings.models import Listing
from directory.mail.models import OutboxEmail
from tests.accessibility import serious_violations

pytestmark = pytest.mark.browser

WIDTHS = [320, 1280]


def published(live_server, count: int) -> list[Listing]:
    with live_server.app.app_context():
        rows = db.session.scalars(
            sa.select(Listing)
            .where(Listing.status == "published", Listing.kind == "provision")
            .order_by(Listing.id)
            .limit(count)
        ).all()
        return [(row.id, row.slug, row.title) for row in rows]


def fits(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways at {width}px ({scroll}px wide)"


def test_add_to_shortlist_updates_in_place_and_announces_it(page, live_server):
    page.goto(live_server.url + "/search?q=laboratory")
    page.evaluate("window.sameDocument = true")
    button = page.locator(".app-shortlist-button").first
    title = button.locator(".govuk-visually-hidden").inner_text().removeprefix(": ")
    button.click()
    expect(button).to_contain_text("Remove from shortlist")
    announcer = page.locator("[data-shortlist-announcer]")
    expect(announcer).to_have_text(f"Added “{title}” to your shortlist. It has 1 listing.")
    expect(page.locator("[data-shortlist-count]")).to_have_text("1")
    assert page.evaluate("window.sameDocument") is True  # no page load
    button.click()
    expect(announcer).to_have_text(f"Removed “{title}” from your shortlist. It has 0 listings.")
    expect(button).to_contain_text("Add to shortlist")
    assert serious_violations(page) == []


def test_without_javascript_the_button_posts_and_comes_back(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    [(_, slug, title)] = published(live_server, 1)
    page.goto(f"{live_server.url}/listings/{slug}")
    page.get_by_role("button", name=re.compile(rf"^Add to shortlist ?: {re.escape(title)}$")).click()
    expect(page).to_have_url(re.compile(rf"/listings/{slug}#shortlist-\d+$"))
    remove = re.compile(rf"^Remove from shortlist ?: {re.escape(title)}$")
    expect(page.get_by_role("button", name=remove)).to_be_visible()
    page.goto(live_server.url + "/shortlist")
    expect(page.get_by_role("link", name=title)).to_be_visible()
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_shortlist_and_compare_pass_axe_and_fit(browser, live_server, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    chosen = published(live_server, 3)
    for listing_id, _, _ in chosen:
        page.request.post(live_server.url + "/shortlist", form={"add": str(listing_id)})
    page.goto(live_server.url + "/shortlist")
    expect(page.locator("h1")).to_have_text("Your shortlist")
    assert serious_violations(page) == []
    fits(page, width)
    page.get_by_label("Town, city or postcode (optional)").fill("Leeds")
    page.get_by_role("button", name="Compare", exact=True).click()
    expect(page.locator("h1")).to_have_text("Compare 3 listings")
    wide, stacked = page.locator(".app-compare--wide"), page.locator(".app-compare--stacked")
    expect(wide if width > 640 else stacked).to_be_visible()
    expect(stacked if width > 640 else wide).to_be_hidden()
    assert serious_violations(page) == []
    fits(page, width)
    page.goto(live_server.url + "/compare?ids=1,nope")
    expect(page).to_have_title(re.compile("^Error: "))
    assert serious_violations(page) == []
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_alert_pages_pass_axe_and_fit(browser, live_server, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/search?q=laboratory&region=north-west")
    page.get_by_role("link", name="Get an email when new listings match this search").click()
    expect(page.locator("h1")).to_have_text("Get an email when new listings match this search")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Set up the alert").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert serious_violations(page) == []
    fits(page, width)
    page.get_by_label("Your email address").fill(f"resident{width}@example.org")
    page.get_by_label("Weekly, when there is something new").check()
    page.get_by_role("button", name="Set up the alert").click()
    expect(page.locator("h1")).to_have_text("Check your email to confirm the alert")
    assert serious_violations(page) == []
    with live_server.app.app_context():
        body = db.session.scalars(sa.select(OutboxEmail.body).order_by(OutboxEmail.id.desc())).first()
    confirm = re.search(r"/alerts/confirm/\S+", body).group(0)
    unsubscribe = re.search(r"/alerts/unsubscribe/\S+", body).group(0)
    page.goto(live_server.url + confirm)
    assert serious_violations(page) == []
    page.get_by_role("button", name="Confirm the alert").click()
    expect(page.locator("h1")).to_have_text("Your email alerts")
    expect(page.get_by_text("Your alert is set up")).to_be_visible()
    assert serious_violations(page) == []
    fits(page, width)
    page.goto(live_server.url + unsubscribe)
    assert serious_violations(page) == []
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.locator("h1")).to_have_text("You are unsubscribed")
    assert serious_violations(page) == []
    context.close()


def test_a_listing_page_prints_without_navigation_and_with_link_addresses(page, live_server, tmp_path):
    [(_, slug, title)] = published(live_server, 1)
    page.goto(f"{live_server.url}/listings/{slug}")
    expect(page.locator(".govuk-service-navigation")).to_be_visible()
    page.emulate_media(media="print")
    page.screenshot(path=str(tmp_path / "listing-print.png"), full_page=True)
    for hidden in (
        ".govuk-service-navigation",
        ".govuk-footer",
        ".govuk-phase-banner",
        ".app-shortlist-button",
        ".govuk-breadcrumbs",
    ):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator("h1")).to_have_text(title)
    site = live_server.app.config["SITE_URL"]
    expect(page.locator(".app-print-only")).to_contain_text(f"Printed from {site}/listings/{slug}")
    after = page.evaluate(
        "getComputedStyle(document.querySelector(\"main a[href^='/providers/']\"), '::after').content"
    )
    assert after.startswith('" (/providers/'), after
    page.emulate_media(media="screen")
    expect(page.locator(".app-print-only")).to_be_hidden()
