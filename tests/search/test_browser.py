"""A person searches in Chromium: with JavaScript the results update in place; without it the form still works."""

import re

import pytest
from playwright.sync_api import expect

from tests.accessibility import serious_violations

pytestmark = pytest.mark.browser


def test_search_then_filter_updates_results_in_place(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_label("Search the directory").fill("apprenticeship")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search\?q=apprenticeship$"))
    count = page.locator("#result-count")
    expect(count).to_contain_text("for “apprenticeship”")
    before = count.inner_text()
    assert serious_violations(page) == []

    page.evaluate("window.sameDocument = true")
    page.locator("#search-filters").get_by_label(re.compile(r"^London")).check()
    expect(page).to_have_url(re.compile(r"region=london"))
    expect(count).not_to_have_text(before)
    assert page.evaluate("window.sameDocument") is True  # updated in place, not a new page load
    expect(page.get_by_role("link", name=re.compile("Remove filter Region: London"))).to_be_visible()
    assert serious_violations(page) == []


def test_filters_apply_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/search?q=laboratory")
    # Seeded laboratory provision still in search (its source, May 2026, is under 18 months old) is in the North West.
    page.locator("#search-filters").get_by_label(re.compile(r"^North West")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"region=north-west"))
    expect(page.get_by_role("link", name=re.compile("Remove filter Region: North West"))).to_be_visible()
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_a_resident_in_their_own_words(browser, live_server, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live_server.url + "/search")
    page.get_by_label("Keywords").fill("apprentiship")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#corrected")).to_contain_text("Showing results for apprenticeship")
    expect(page.locator("#result-count")).not_to_contain_text("0 results")
    if javascript:  # axe runs as page script, which a context without JavaScript never evaluates (it would hang)
        assert serious_violations(page) == []
    page.get_by_role("link", name="Search instead for apprentiship").click()
    expect(page).to_have_url(re.compile(r"q=apprentiship&exact=1"))
    expect(page.get_by_role("link", name="apprenticeship")).to_be_visible()  # did you mean

    page.goto(live_server.url + "/search?q=free")
    expect(page.get_by_text("Showing provision that is free")).to_be_visible()
    if javascript:
        assert serious_violations(page) == []
    page.get_by_role("link", name="Search without “free”").click()
    expect(page).to_have_url(re.compile(r"/search$"))
    context.close()
