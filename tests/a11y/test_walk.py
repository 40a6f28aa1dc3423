"""Every page type, as each kind of person sees it, at desktop width and at 320 px: axe finds nothing serious or
critical and nothing scrolls sideways. With A11Y_REPORT=path the figures are also written to that file."""
from __future__ import annotations

import os

import pytest

from tests.a11y.conftest import MODERATOR_EMAIL, PROVIDER_EMAIL, sign_in
from tests.a11y.walk import blocking, moderator_states, provider_states, public_states, report_line, visit

pytestmark = pytest.mark.browser


def _report(lines: list[str]) -> None:
    path = os.environ.get("A11Y_REPORT")
    if path:
        with open(path, "a", encoding="utf-8") as report:
            report.write("\n".join(lines) + "\n")


@pytest.mark.parametrize("role, email, states", [
    ("public", None, public_states), ("provider", PROVIDER_EMAIL, provider_states),
    ("moderator", MODERATOR_EMAIL, moderator_states),
])
def test_every_page_type_passes_axe_and_fits(browser, site, role, email, states):
    context = browser.new_context()
    page = context.new_page()
    if email:
        sign_in(page, site, email)
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
