"""The page states the accessibility walk visits, and a helper that records what axe finds on each.

Each state is (name, role, path or a function of the site's ids, optional action). Actions show a state a URL
alone cannot: a form's errors, a revealed question. The same code measures the before/after figures in
/work/notes (run with A11Y_REPORT=path).
"""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe

_axe = Axe()
IMPACTS = ("critical", "serious", "moderate", "minor")


def _submit_empty(page) -> None:
    submit = page.locator("main form[method=post] button[type=submit], main form[method=post] input[type=submit]")
    if submit.count():
        submit.last.click()
        page.wait_for_load_state()


def _reveal_new_organisation(page) -> None:
    page.get_by_label("No, add my organisation").check()


def public_states(site) -> list[tuple]:
    slugs = _slugs(site)
    return [
        ("home", "/"),
        ("search", "/search"),
        ("search filtered", "/search?q=apprenticeship&region=london"),
        ("search no results", "/search?q=zzqqxxnothing"),
        ("search page out of range", "/search?page=99"),
        ("providers", "/providers"),
        ("providers page out of range", "/providers?page=99"),
        ("regions", "/regions"),
        ("region", "/regions/london"),
        ("coverage", "/coverage"),
        ("routes for a place", "/routes?place=Glasgow"),
        ("listing", f"/listings/{slugs['partners']}"),
        ("provider", f"/providers/{slugs['organisation']}"),
        ("about", "/about"),
        ("developers", "/developers"),
        ("for providers", "/for-providers"),
        ("suggest", "/suggest"),
        ("report a problem with the site, errors", "/feedback", _submit_empty),
        ("report listing with errors", f"/listings/{slugs['listing']}/report", _submit_empty),
        ("enquire", f"/listings/{slugs['partners']}/enquire"),
        ("sign in with errors", "/account/sign-in", _submit_empty),
        ("sign up, new organisation", "/account/sign-up", _reveal_new_organisation),
        ("forgotten password", "/account/forgotten-password"),
        ("not found", "/no-such-page"),
    ]


def provider_states(site) -> list[tuple]:
    ids = site.ids
    return [
        ("dashboard", "/dashboard"),
        ("new listing", "/dashboard/listings/new"),
        ("new listing with errors", "/dashboard/listings/new", _submit_empty),
        ("edit draft", f"/dashboard/listings/{ids['draft']}/edit"),
        ("preview draft", f"/dashboard/listings/{ids['draft']}/preview"),
        ("preview pending", f"/dashboard/listings/{ids['pending']}/preview"),
        ("upload", "/dashboard/upload"),
        ("organisation profile", "/dashboard/organisation"),
        ("account", "/account/"),
        ("change password", "/account/password"),
    ]


def moderator_states(site) -> list[tuple]:
    return [
        ("moderation queue", "/moderation"),
        ("review", f"/moderation/revisions/{site.ids['revision']}"),
        ("messages", "/messages"),
        ("history search", "/moderation/history"),
    ]


def _slugs(site) -> dict:
    from directory.extensions import db
    from directory.listings.models import Listing, Organisation

    with site.app.app_context():
        published = sa.select(Listing.slug).where(Listing.status == "published").order_by(Listing.id)
        return {
            "listing": db.session.scalar(published.limit(1)),
            "partners": db.session.scalar(published.where(Listing.seeks_partners.is_(True)).limit(1)),
            "organisation": db.session.scalar(
                sa.select(Organisation.slug)
                .join(Listing)
                .where(Listing.status == "published")
                .order_by(Organisation.id)
                .limit(1)
            ),
        }


def run_axe(page, skip: tuple[str, ...] = ()) -> list[dict]:
    """axe's violations on the page as it is now; the script is injected once per page load, not per run."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_axe.axe_script)
    rules = {rule: {"enabled": False} for rule in skip}
    return page.evaluate("rules => axe.run(document, {resultTypes: ['violations'], rules})", rules)["violations"]


def visit(page, base_url: str, state: tuple, widths=(1280, 320)) -> list[dict]:
    """Open one page state, then run axe at each width (resizing the same page, which is quicker than a new load).

    One result per width: {"name", "width", "impacts": Counter, "lines": [...], "scroll_width"}."""
    name, path, *action = state
    page.set_viewport_size({"width": widths[0], "height": 800})
    page.goto(base_url + path)
    if action:
        action[0](page)
    results = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": 800})
        # Colours do not change with width, and color-contrast is most of axe's time (4 of 5 s on /search on a
        # loaded 2-core machine), so it runs at the first width only.
        violations = run_axe(page, skip=() if width == widths[0] else ("color-contrast",))
        results.append(
            {
                "name": name,
                "width": width,
                "impacts": Counter(v.get("impact") or "minor" for v in violations),
                "lines": [
                    f"{v['id']} ({v.get('impact')}): {[n['target'] for n in v['nodes']][:3]}" for v in violations
                ],
                "scroll_width": page.evaluate("document.documentElement.scrollWidth"),
            }
        )
    return results


def blocking(result: dict) -> list[str]:
    return [line for line in result["lines"] if "(serious)" in line or "(critical)" in line]


def report_line(role: str, result: dict) -> str:
    counts = " ".join(f"{impact}={result['impacts'].get(impact, 0)}" for impact in IMPACTS[:3])
    detail = "; ".join(result["lines"])
    return f"{result['width']:>4}px {role:<9} {result['name']:<40} {counts}  width={result['scroll_width']}  {detail}"
