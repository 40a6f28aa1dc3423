"""Read-only queries behind the public pages."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from directory import taxonomy
from directory.extensions import db
from directory.listings.models import Listing, Organisation, SlugRedirect
from directory.search import index_version, search, search_ids
from directory.versioned import PerVersion

PAGE_SIZE = 50
# Counts and region pages change only with the index; the age limit is for "today", which moves on its own (listings
# whose start date passes, or that reach 18 months unverified, between two changes).
_derived = PerVersion(max_age=300, size=512)


def published() -> sa.Select:
    return sa.select(Listing).where(Listing.is_public)


def published_provision() -> sa.Select:
    """Published listings people can take part in: sector initiatives are shown and counted apart."""
    return published().where(Listing.kind == "provision")


def listing_by_retired_slug(slug: str) -> Listing | None:
    """The listing a retired slug (a merged duplicate's) now points to, if any."""
    return db.session.scalar(
        sa.select(Listing)
        .join(SlugRedirect, SlugRedirect.listing_id == Listing.id)
        .where(SlugRedirect.old_slug == slug)
    )


def region_initiatives(region: str) -> list[Listing]:
    """Sector initiatives open to people in a region (its own, then its nation's and national ones), by title, from
    the search index's bitsets (whatever their availability), so no query reads every listing."""
    filters = {"region": [region], "kind": ["initiative"], "availability": taxonomy.AVAILABILITY.codes()}
    ids = _per_version(("initiatives", region), lambda: search_ids("", filters, initiatives_only=True))
    if not ids:
        return []
    return list(db.session.scalars(published().where(id_in(Listing.id, ids)).order_by(Listing.title, Listing.id)))


def listing_by_slug(slug: str) -> Listing | None:
    return db.session.scalar(sa.select(Listing).where(Listing.slug == slug))


def organisation_by_slug(slug: str) -> Organisation | None:
    return db.session.scalar(sa.select(Organisation).where(Organisation.slug == slug))


def region_counts() -> dict[str, int]:
    """Listings specific to each region code (national ones under their own codes), counted as /search counts
    them: searchable listings that have not ended. The home page, region pages and /search all read this rule."""
    return facet_counts()["region"]


def facet_counts() -> dict[str, dict[str, int]]:
    """{facet: {code: count}} over everything searchable, from the index's facet bitsets (as /search counts)."""
    return _per_version(
        ("facets",),
        lambda: {
            name: {value.code: value.count for value in values}
            for name, values in search("", per_page=1).facets.items()
        },
    )


def region_listings(region: str, page: int = 1) -> tuple[list[Listing], int, int]:
    """Listings open to people in a region, ranked as search ranks them (the region's own, then its nation's, then
    Great Britain's and the UK's), a page at a time: (listings, total, how many are specific to the region)."""
    results = search("", {"region": [region]}, sort="title", page=page, per_page=PAGE_SIZE)
    specific = next((value.count for value in results.facets["region"] if value.code == region), 0)
    rows = {row.id: row for row in db.session.scalars(sa.select(Listing).where(id_in(Listing.id, results.ids)))}
    return [rows[i] for i in results.ids if i in rows], results.total, specific


def _per_version(key: tuple, build):
    """A value derived from the search index alone, kept until the index changes (directory/versioned.py)."""
    where = (current_app.config["SQLALCHEMY_DATABASE_URI"], current_app.config["SEARCH_INDEX_DIR"])
    return _derived.get(where + key, index_version(), build)


def organisation_public_listings(organisation: Organisation) -> list[Listing]:
    return list(
        db.session.scalars(published().where(Listing.organisation_id == organisation.id).order_by(Listing.title))
    )


def id_in(column, ids) -> sa.ColumnElement:
    """`column IN (ids)` for any number of ids. Rendered as literal integers rather than one bound parameter each,
    because PostgreSQL's protocol allows at most 65,535 parameters and a search can match more listings."""
    values = [int(value) for value in ids]
    # An anonymous parameter: unique within a statement, and the same from one request to the next, so the
    # statement is compiled once and cached (a new name per call compiled every statement afresh).
    return column.in_(sa.bindparam(None, values, expanding=True, literal_execute=True))
