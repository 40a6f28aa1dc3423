"""Run axe-core in a Playwright page and report serious or critical violations."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()
BLOCKING = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    """One line per serious or critical axe violation on the page as it is now (empty when it passes)."""
    results = _axe.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        f"{[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
        if violation.get("impact") in BLOCKING
    ]
