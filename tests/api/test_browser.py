"""A reuser reads the developer page in Chromium: nothing serious for axe, and it fits a 320px screen."""

import pytest
from playwright.sync_api import expect

from tests.accessibility import serious_violations

pytestmark = pytest.mark.browser


def test_developer_page_is_accessible_and_fits_a_small_screen(browser, live_server):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server.url + "/developers")
    expect(page.locator("h1")).to_have_text("Open data and API")
    assert serious_violations(page) == []
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"the page scrolls sideways at 320px ({scroll_width}px wide)"
    context.close()
