"""Print what issue 8's closing note compares: the first five /search results for seven places, and region counts.

    DATABASE_URL=sqlite:////path/to/db.sqlite3 SEARCH_INDEX_DIR=/tmp/some-index python scripts/locality_report.py \
        [--as-of 2024-06-01]

It reads the pages as a visitor gets them (through Flask's test client), so it works on any version of the site,
and takes each result's scope (its region codes) from the database by the listing's slug. The search index in
SEARCH_INDEX_DIR is rebuilt from the database first, so point it at a scratch folder. `--as-of` moves the app's clock
to that day first, to see the seeded directory as search held it then (today, records from sources older than 18
months that nobody has confirmed have left search: see docs/seed-data.md).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SEARCHES = [
    ("place", "Glasgow"),
    ("q", "G12 8QQ"),
    ("place", "Cardiff"),
    ("place", "Belfast"),
    ("place", "B15 2TT"),
    ("place", "M13 9PL"),
    ("place", "Liverpool"),
]
# The typo and phrase cases issue 8 names: how many results each gets, and what the page says it searched for.
WORDS = [
    "apprentiship",
    "reading",
    "lab tech",
    "retrain",
    "school leaver",
    "career change",
    "how to get into science",
    "biotech Cambridge",
    "part time",
    "paid while you learn",
    "free bootcamp",
    "science communicator",
    "biotech",
    "bootcamp",
]
SHOWING = re.compile(r"(Showing .*?|Did you mean.*?)</p>", re.S)
RESULT = re.compile(r'class="app-card__title"><a class="govuk-link" href="/listings/([^"]+)">([^<]+)</a>')
HOME_COUNT = re.compile(r'href="/regions/([a-z-]+)">[^<]+</a>\s*<span class="app-count">(\d+) listing')
REGION_TOTAL = re.compile(r'<p class="govuk-body">(\d+) listings?\b')
FACET_COUNT = re.compile(r'id="region-([a-z-]+)"[^>]*>\s*<label[^>]*>[^<]*<span class="app-count">\((\d+)\)')


def _get(client, url: str) -> str:
    response = client.get(url)
    return response.get_data(as_text=True) if response.status_code == 200 else ""


def _scopes(slug: str) -> str:
    from directory.listings import queries

    listing = queries.listing_by_slug(slug)
    return ", ".join(listing.regions) if listing else "?"


def report(app) -> list[str]:
    from urllib.parse import urlencode

    from directory import taxonomy

    lines = []
    client = app.test_client()
    for name, value in SEARCHES:
        page = _get(client, "/search?" + urlencode({name: value}))
        total = re.search(r'id="result-count"[^>]*>\s*([\d,]+)', page)
        lines.append(f"## /search?{name}={value}  ({total.group(1) if total else '?'} results)")
        for number, (slug, title) in enumerate(RESULT.findall(page)[:5], start=1):
            lines.append(f"{number}. {title.strip()}  [{_scopes(slug)}]")
    lines.append("## Everyday words: results | first result | what the page says")
    for words in WORDS:
        page = _get(client, "/search?" + urlencode({"q": words}))
        total = re.search(r'id="result-count"[^>]*>\s*([\d,]+)', page)
        first = RESULT.search(page)
        said = SHOWING.search(page)
        said = re.sub(r"<[^>]+>|\s+", " ", said.group(1)).strip() if said else ""
        lines.append(
            f"{words!r:28} {total.group(1) if total else '0':>4} | {first.group(2).strip() if first else '-'} | {said}"
        )
    home = dict(HOME_COUNT.findall(_get(client, "/")))
    facets = dict(FACET_COUNT.findall(_get(client, "/search")))
    lines.append("## Region counts: home | /regions/<code> | /search facet (0 where the page shows no option)")
    for code in taxonomy.REGIONS.codes():
        region_total = REGION_TOTAL.search(_get(client, f"/regions/{code}"))
        lines.append(
            f"{code:26} {home.get(code, '-'):>5} | {region_total.group(1) if region_total else '-':>5} | "
            f"{facets.get(code, '0'):>5}"
        )
    return lines


def main() -> None:
    import argparse
    from datetime import datetime

    from directory import clock, create_app
    from directory.listings.indexing import rebuild

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", type=datetime.fromisoformat, help="the day the app's clock says (YYYY-MM-DD)")
    as_of = parser.parse_args().as_of
    if as_of:
        clock.now = lambda: as_of.replace(hour=12)
    app = create_app()
    with app.app_context():
        rebuild()
        print("\n".join(report(app)))


if __name__ == "__main__":
    main()
