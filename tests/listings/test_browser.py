"""A person opens the home page in Chromium, picks a region, then a listing; axe finds nothing serious on the way."""

import re

import pytest
from playwright.sync_api import expect

from tests.accessibility import serious_violations

pytestmark = pytest.mark.browser


def test_home_to_region_to_listing(page, live_server):
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text("Find life sciences skills and training near you")
    assert serious_violations(page) == []

    page.get_by_role("link", name="London", exact=True).click()
    expect(page).to_have_url(re.compile(r"/regions/london$"))
    expect(page.locator("h1")).to_have_text("London")
    assert serious_violations(page) == []

    first_listing = page.locator(".app-card__title a").first
    title = first_listing.inner_text()
    first_listing.click()
    expect(page).to_have_url(re.compile(r"/listings/[a-z0-9-]+$"))
    expect(page.locator("h1")).to_have_text(title)
    expect(page.get_by_text("Where this information comes from")).to_be_visible()
    assert serious_violations(page) == []


def test_pages_work_at_320px_with_javascript_off(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server.url + "/regions/london")
    expect(page.locator("h1")).to_have_text("London")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"the page scrolls sideways at 320px ({scroll_width}px wide)"
    context.close()


def test_keyboard_users_can_skip_to_the_content(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_text("Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main-content$"))
