"""The search filters with the keyboard only, on a small screen with JavaScript, and on a small screen without it
(GOV.UK's filter pattern: templates/search/_filters.html and static/src/search.js)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SCREEN = {"width": 320, "height": 640}


def test_keyboard_only_through_filters_and_sort(page, site):
    page.goto(site.url + "/search?q=laboratory")
    announcer = page.locator("#search-announcer")
    page.locator("#q").focus()  # where a keyboard user starts: the search box
    for expected in ("#place", "#search-form button:has-text('Search')", "#filter-region > summary"):
        page.keyboard.press("Tab")
        expect(page.locator(expected)).to_be_focused()

    page.keyboard.press("Tab")  # the Region facet starts open: its biggest value comes first
    first = page.locator("#filter-region .govuk-checkboxes__input").first
    expect(first).to_be_focused()
    code = first.get_attribute("value")
    chosen = page.locator(f"#region-{code}")
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(rf"region={code}"))
    expect(chosen).to_be_checked()
    expect(chosen).to_be_focused()  # focus stays on the control used, across the live update
    expect(announcer).to_have_text(re.compile(r"^\d+ results? for “laboratory”$"))

    page.keyboard.press("Tab")  # the next value, not back to "Remove filter" at the top of the panel
    expect(page.locator("#filter-region .govuk-checkboxes__input").nth(1)).to_be_focused()

    closed = page.locator("#" + page.locator("details.app-filter-section:not([open])").first.get_attribute("id"))
    closed.locator("summary").focus()
    page.keyboard.press("Enter")  # each facet opens from the keyboard
    expect(closed).to_have_attribute("open", "")
    page.keyboard.press("Tab")
    expect(closed.locator(".govuk-checkboxes__input").first).to_be_focused()

    sort = page.locator("#sort")
    sort.focus()
    url = page.url
    page.keyboard.press("ArrowDown")  # moving through the options applies nothing
    page.keyboard.press("ArrowDown")
    expect(sort).to_be_focused()
    assert page.url == url
    chosen = sort.input_value()
    assert chosen != "relevance"
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Sort", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"sort={chosen}"))
    expect(page).to_have_url(re.compile(rf"region={code}"))
    expect(page.get_by_role("button", name="Sort", exact=True)).to_be_focused()
    expect(announcer).to_have_text(re.compile(r"results? for “laboratory”"))


def test_small_screen_with_javascript_collapses_the_filters(browser, site):
    context = browser.new_context(viewport=SCREEN)
    page = context.new_page()
    page.goto(site.url + "/search")
    first_result = page.locator(".app-card").first.bounding_box()
    assert first_result["y"] < 1.5 * SCREEN["height"], f"first result at {first_result['y']}px"

    toggle = page.get_by_role("button", name="Show filters (0 selected)")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#search-filters-body")).to_be_hidden()
    toggle.click()
    expect(page.locator("#search-filters-body")).to_be_visible()
    page.locator("#search-filters").get_by_label(re.compile(r"^London")).check()
    expect(page).to_have_url(re.compile(r"region=london"))
    toggle = page.get_by_role("button", name="Hide filters (1 selected)")
    expect(toggle).to_have_attribute("aria-expanded", "true")  # still open after the live update
    expect(page.locator("#region-london")).to_be_focused()
    context.close()


def test_small_screen_without_javascript_filters_with_a_plain_form(browser, site):
    context = browser.new_context(viewport=SCREEN, java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "/search?q=laboratory")
    skip = page.get_by_role("link", name="Skip to results")
    expect(skip).to_be_visible()
    panel, results = page.locator("#search-filters"), page.locator("#search-results")
    assert panel.bounding_box()["y"] < results.bounding_box()["y"], "the filters come before the results"

    level = page.locator("#" + page.locator("details.app-filter-section:not([open])").first.get_attribute("id"))
    level.locator("summary").click()  # a closed facet opens without JavaScript too
    level.locator(".govuk-checkboxes__input").first.check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("link", name=re.compile(r"^Remove filter"))).to_be_visible()
    expect(page.locator("#result-count")).to_contain_text("for “laboratory”")
    assert page.evaluate("document.documentElement.scrollWidth") <= SCREEN["width"]

    page.get_by_role("link", name="Skip to results").click()
    expect(page).to_have_url(re.compile(r"#search-results$"))
    context.close()
