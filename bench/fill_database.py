"""Fill the configured database (DATABASE_URL) with synthetic published listings from generate.py, so the long
commands (`flask index rebuild`, `reconcile`, `export csv`) can be rehearsed at size:

    DATABASE_URL=sqlite:////tmp/big.sqlite3 .venv/bin/flask --app wsgi db upgrade
    DATABASE_URL=sqlite:////tmp/big.sqlite3 .venv/bin/python bench/fill_database.py --n 10000

With --organisations M the listings are spread over M organisations in turn (bench/stack.py loads N/10, as the
issue's "100,000 listings and 10,000 organisations" asks); without it, over the providers generate.py names.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import documents
from directory import clock, create_app
from directory.extensions import db
from directory.listings.models import Listing, Organisation
from directory.progress import command_progress

TERMS = {
    "regions": "region",
    "levels": "level",
    "audiences": "audience",
    "delivery": "delivery",
    "costs": "cost",
    "topics": "topic",
}


def organisation_for(slug: str, name: str, region: str, cache: dict) -> Organisation:
    if slug not in cache:
        cache[slug] = Organisation(
            slug=slug,
            name=name,
            description="A synthetic provider.",
            org_type="college",
            regions=[region],
            source="provider",
        )
        db.session.add(cache[slug])
    return cache[slug]


def spread(doc: dict, n: int, organisations: int | None) -> None:
    """With `organisations`, hand listing n to provider n mod that number (generate.py alone makes about one
    provider per 25 listings), so a benchmark can have 10,000 organisations at 100,000 listings."""
    if organisations:
        number = n % organisations + 1
        doc["provider_slug"], doc["provider"] = f"provider-{number}", f"{doc['places'][0]} Skills Provider {number}"


def fill(count: int, progress, organisations: int | None = None) -> None:
    cache: dict[str, Organisation] = {}
    now = clock.now()
    for done, (n, _, doc) in enumerate(documents(count), start=1):
        spread(doc, n, organisations)
        listing = Listing(
            slug=doc["slug"],
            title=doc["title"],
            summary=doc["summary"],
            description=doc["description"],
            provision_type=doc["type"],
            section=doc["section"],
            availability="open",
            source="provider",
            status="published",
            published_at=now,
            last_verified_at=now,
            places=doc["places"],
            rolling=doc["rolling"],
            seeks_partners=doc["partners"],
            organisation=organisation_for(doc["provider_slug"], doc["provider"], doc["region"][0], cache),
        )
        for attribute, key in TERMS.items():
            setattr(listing, attribute, doc[key])
        db.session.add(listing)
        if done % 1000 == 0:
            db.session.commit()
        progress("Adding listings", done, count)
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="how many listings")
    parser.add_argument(
        "--organisations",
        type=int,
        default=None,
        help="how many providers to spread them over (default: about one per 25 listings)",
    )
    args = parser.parse_args()
    app = create_app({"SEARCH_RECONCILE_ON_START": False, "SEARCH_BACKGROUND_REFRESH": False})
    with app.app_context(), command_progress() as progress:
        fill(args.n, progress, args.organisations)


if __name__ == "__main__":
    main()
