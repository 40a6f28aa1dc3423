"""Every page type, as each kind of person sees it, at desktop width and at 320 px: axe finds nothing serious or
critical and nothing scrolls sideways. With A11Y_REPORT=path the figures are also written to that file."""

from __future__ import annotations

import os

import pytest

from tests.a11y.conftest import MODERATOR_EMAIL, PROVIDER_EMAIL, browser_sign_in
from tests.a11y.walk import blocking, moderator_states, provider_states, public_states, report_line, visit

pytestmark = pytest.mark.browser


def _report(lines: list[str]) -> None:
    path = os.environ.get("A11Y_REPORT")
    if path:
        with open(path, "a", encoding="utf-8") as report:
            report.write("\n".join(lines) + "\n")


@pytest.mark.parametrize(
    "role, email, states",
    [
        ("public", None, public_states),
        ("provider", PROVIDER_EMAIL, provider_states),
        ("moderator", MODERATOR_EMAIL, moderator_states),
    ],
)
def test_every_page_type_passes_axe_and_fits(browser, site, role, email, states):
    context = browser.new_context()
    page = context.new_page()
    if email:
        browser_sign_in(page, site, email)
    problems, lines = [], []
    for state in states(site):
        for result in visit(page, site.url, state):
            lines.append(report_line(role, result))
            where = f"{result['width']}px {result['name']}"
            problems += [f"{where}: {line}" for line in blocking(result)]
            if result["scroll_width"] > result["width"]:
                problems.append(f"{where}: scrolls sideways ({result['scroll_width']}px wide)")
    context.close()
    _report(lines)
    assert problems == []


@pytest.mark.parametrize("email", [None, PROVIDER_EMAIL, MODERATOR_EMAIL])
def test_the_header_fits_one_row_at_1280px_with_room_for_one_more_item(browser, site, email):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    if email:
        browser_sign_in(page, site, email)
    page.goto(site.url + "/about")
    one_row = """() => {
        const tops = [...document.querySelectorAll('.govuk-service-navigation__service-name, .govuk-service-navigation__item')]
            .map(element => Math.round(element.getBoundingClientRect().top));
        return Math.max(...tops) - Math.min(...tops) < 10;
    }"""
    assert page.evaluate(one_row), "the header wraps onto a second row"
    page.evaluate("""() => {  // an account menu, as another branch is adding
        const list = document.querySelector('.govuk-service-navigation__list');
        const item = list.lastElementChild.cloneNode(true);
        item.querySelector('a').textContent = 'Your account';
        list.append(item);
    }""")
    assert page.evaluate(one_row), "one more menu item would wrap the header"
    context.close()
