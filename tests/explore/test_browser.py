"""/coverage and /routes in Chromium on the seeded site: axe at desktop width and 320 px, nothing scrolls sideways
(the wide tables scroll inside their own region), the map's squares and the forms work by keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.a11y.walk import blocking, visit

pytestmark = pytest.mark.browser


def test_coverage_and_routes_pass_axe_and_fit_at_320px_and_desktop(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    problems = []
    for state in [
        ("coverage", "/coverage"),
        ("coverage filtered", "/coverage?audience=in-work&topic=data-ai"),
        ("routes", "/routes"),
        ("routes for a place", "/routes?place=Glasgow"),
        ("routes, unknown place", "/routes?place=Nowhereville"),
    ]:
        for result in visit(page, live_server.url, state):
            where = f"{result['width']}px {result['name']}"
            problems += [f"{where}: {line}" for line in blocking(result)]
            if result["scroll_width"] > result["width"]:
                problems.append(f"{where}: scrolls sideways ({result['scroll_width']}px wide)")
    context.close()
    assert problems == []


def test_a_map_square_and_the_filters_work_by_keyboard(page, live_server):
    page.goto(live_server.url + "/coverage")
    square = page.locator("svg.app-tile-map a").filter(has_text="SCO")
    square.focus()
    expect(square).to_be_focused()
    label = square.get_attribute("aria-label")
    count = int(re.search(r": (\d+) listing", label).group(1))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?region=scotland&local=1$"))
    expect(page.locator("#result-count")).to_contain_text(f"{count} result")

    page.goto(live_server.url + "/coverage")
    page.get_by_label("Sector topic").select_option("biomanufacturing")
    page.get_by_role("button", name="Show counts").click()
    expect(page).to_have_url(re.compile(r"topic=biomanufacturing"))
    expect(page.locator("#coverage-summary")).to_contain_text("for Biomanufacturing")
    scroller = page.locator(".app-table-scroll").first
    scroller.focus()
    expect(scroller).to_be_focused()  # keyboard users can scroll the wide table


def test_routes_for_a_place_by_keyboard(page, live_server):
    page.goto(live_server.url + "/routes")
    page.get_by_label("Town, city or postcode (optional)").fill("Glasgow")
    page.get_by_role("button", name="Show listings for this place").click()
    expect(page).to_have_url(re.compile(r"/routes\?place=Glasgow"))
    expect(page.locator("#routes-location")).to_contain_text("Showing listings in Scotland first")
    expect(page.get_by_role("heading", name=re.compile("Skills Bootcamps"))).to_be_visible()
