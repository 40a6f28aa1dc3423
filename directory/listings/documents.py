"""Listings and organisations as the plain documents the search package indexes (it never sees the models).

A listing document is a dict of text and vocabulary codes; `version` says which state of the listing (and of its
organisation, whose name is searchable) a document was made from, so reconcile can tell a stale document. An
organisation document is what the search package's Catalogue needs for /providers (facets, text, areas served,
points) plus what the page shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from directory import clock, taxonomy
from directory.extensions import db
from directory.listings import fields
from directory.listings.models import Listing, ListingTerm, ListingVenue, Organisation
from directory.search import Catalogue, index_version
from directory.versioned import PerVersion

BATCH = 500
# Organisation renames reach the index only through the change log (or reconcile), so the catalogue also expires.
CATALOGUE_MAX_AGE = 60
_catalogues = PerVersion(max_age=CATALOGUE_MAX_AGE, size=4)
# The facets of /providers, each with the vocabulary that gives its codes, heading and labels.
PROVIDER_FACETS: dict[str, taxonomy.Vocabulary] = {
    "organisation_type": taxonomy.ORGANISATION_TYPES,
    "region": taxonomy.REGIONS_SERVED,
    "type": taxonomy.PROVISION_OFFERED,
    "partners": taxonomy.PARTNERS,
}


def version(listing: Listing) -> str:
    return _version(listing.updated_at, listing.organisation.updated_at)


def _version(listing_updated: datetime, organisation_updated: datetime | None) -> str:
    return max(listing_updated, organisation_updated or listing_updated).isoformat()


def listing_document(listing: Listing) -> dict:
    """The listing as the search package indexes it: each field the table marks for search under its key (fields
    sharing a key add to one list; "words" are joined into the searchable `extra` text), and what search needs
    about the listing beyond its fields."""
    document = {
        "slug": listing.slug,
        "provider": listing.organisation.name,
        "provider_slug": listing.organisation.slug,
        "kind": listing.kind or "provision",
        "published": (listing.published_at or listing.created_at).isoformat(),
        "start": listing.next_start().isoformat() if listing.next_start() else "",
    }
    words = []
    for spec in fields.FIELDS:
        if spec.search == "words":
            words.append(_words(getattr(listing, spec.name), spec))
        elif spec.search in document:
            document[spec.search] = [*document[spec.search], *_as_list(_search_value(listing, spec))]
        elif spec.search:
            document[spec.search] = _search_value(listing, spec)
    document["extra"] = "\n".join(part for part in words if part)
    return document


def _search_value(listing: Listing, spec: fields.Field):
    value = getattr(listing, spec.name)
    if spec.kind == "venues":
        return venue_documents(listing)
    if spec.kind == "bool":
        return bool(value)
    if spec.kind in ("codes", "lines", "dates"):
        return list(value or [])
    return value or ""


def _words(value, spec: fields.Field) -> str:
    """A field's searchable text: codes as their labels, a list's items joined."""
    if value in (None, "", []):
        return ""
    if spec.kind in ("codes", "code"):
        return " ".join(spec.vocabulary.label_for(code) for code in ([value] if spec.kind == "code" else value))
    if isinstance(value, list):
        return " ".join(str(item) for item in value)
    return str(value)


def _as_list(value) -> list:
    if isinstance(value, list):
        return value
    return [value] if value else []


def venue_documents(listing: Listing) -> list[dict]:
    """The listing's venues with coordinates for distances: its venue rows, and its own address when it has a
    postcode that no venue repeats."""
    venues = [
        {**venue.as_dict(), "latitude": venue.latitude, "longitude": venue.longitude} for venue in listing.venue_rows
    ]
    postcodes = {venue["postcode"].replace(" ", "").upper() for venue in venues}
    own = (listing.postcode or "").replace(" ", "").upper()
    if own and own not in postcodes:
        venues.append(
            {
                "name": listing.address or "",
                "address": listing.address or "",
                "postcode": listing.postcode,
                "latitude": listing.latitude,
                "longitude": listing.longitude,
            }
        )
    return venues


def searchable_versions(at: datetime | None = None) -> dict[int, str]:
    """{listing id: version} of every listing the index should hold at `at` (default now)."""
    at = at or clock.now()
    rows = db.session.execute(
        sa.select(Listing.id, Listing.updated_at, Organisation.updated_at)
        .join(Organisation, Organisation.id == Listing.organisation_id)
        .where(Listing.is_searchable(at))
    )
    return {listing_id: _version(updated, org_updated) for listing_id, updated, org_updated in rows}


def searchable_count(at: datetime | None = None) -> int:
    """How many listings the index should hold at `at` (default now)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Listing).where(Listing.is_searchable(at)))


def documents_for(ids, at: datetime | None = None) -> tuple[list[tuple[int, str, dict]], list[int]]:
    """For these listing ids: (documents to index, ids to remove because they are missing or not searchable)."""
    at = at or clock.now()
    ids = sorted(set(ids))
    found: dict[int, Listing] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        for listing in db.session.scalars(sa.select(Listing).where(Listing.id.in_(chunk))):
            found[listing.id] = listing
    updates = [
        (i, version(found[i]), listing_document(found[i])) for i in ids if i in found and found[i].is_searchable(at)
    ]
    removals = [i for i in ids if i not in found or not found[i].is_searchable(at)]
    return updates, removals


def searchable_documents(at: datetime | None = None) -> Iterator[tuple[int, str, dict]]:
    """Every searchable listing as (id, version, document), in batches, for a full rebuild."""
    at = at or clock.now()
    last_id = 0
    while True:
        batch = list(
            db.session.scalars(
                sa.select(Listing)
                .where(Listing.is_searchable(at), Listing.id > last_id)
                .order_by(Listing.id)
                .limit(BATCH)
                .options(selectinload(Listing.terms))
            )
        )
        if not batch:
            return
        for listing in batch:
            yield listing.id, version(listing), listing_document(listing)
        last_id = batch[-1].id
        db.session.expunge_all()


def provider_catalogue() -> Catalogue:
    """The /providers catalogue for the current version of the index, built once per version in each process.

    Building reads every searchable listing (about 2 s at 100,000), so after a change the previous catalogue is
    shown while a background thread builds the next (PROVIDERS_REBUILD_IN_BACKGROUND; off in tests)."""
    app = current_app._get_current_object()

    def build() -> Catalogue:
        with app.app_context():
            return Catalogue(organisation_documents(), PROVIDER_FACETS)

    key = (app.config["SQLALCHEMY_DATABASE_URI"], app.config["SEARCH_INDEX_DIR"])
    stale_ok = app.config.get("PROVIDERS_REBUILD_IN_BACKGROUND", not app.testing)
    return _catalogues.get(key, index_version(), build, stale_ok=stale_ok)


def organisation_documents(at: datetime | None = None) -> list[dict]:
    """Every organisation with searchable listings, with what they offer, for /providers. Organisations with
    nothing published (one just created at sign-up, say) have had no moderator look at them, so are not listed."""
    at = at or clock.now()
    offered: dict[int, dict] = {}
    rows = db.session.execute(
        sa.select(Listing.organisation_id, Listing.provision_type, Listing.seeks_partners, sa.func.count())
        .where(Listing.is_searchable(at))
        .group_by(Listing.organisation_id, Listing.provision_type, Listing.seeks_partners)
    )
    for organisation_id, provision_type, seeks_partners, count in rows:
        entry = offered.setdefault(
            organisation_id, {"types": set(), "partners": False, "listings": 0, "coverage": set(), "points": set()}
        )
        entry["types"].add(provision_type)
        entry["partners"] |= bool(seeks_partners)
        entry["listings"] += count
    _add_where(offered, at)
    documents = []
    for organisation in db.session.scalars(sa.select(Organisation).order_by(Organisation.name)):
        entry = offered.get(organisation.id)
        if entry is None:
            continue
        documents.append(organisation_document(organisation, entry))
    return documents


def organisation_document(organisation: Organisation, offered: dict) -> dict:
    """One organisation for the /providers catalogue, from what its searchable listings offer (`offered`: their
    provision types, whether any seeks partners, how many there are, their coverage codes and venue points)."""
    regions, types = list(organisation.regions or []), sorted(offered["types"])
    description = organisation.description or ""
    return {
        "id": organisation.id,
        "slug": organisation.slug,
        "name": organisation.name,
        "description": description,
        "org_type": organisation.org_type,
        "regions": regions,
        "partners": offered["partners"],
        "listings": offered["listings"],
        "facets": {
            "organisation_type": [organisation.org_type],
            "region": regions,
            "type": types,
            "partners": [taxonomy.SEEKING_PARTNERS.code] if offered["partners"] else [],
        },
        "text": " ".join([organisation.name, description, *(taxonomy.PROVISION_TYPES.label_for(t) for t in types)]),
        "served": sorted(offered["coverage"] | set(regions)),
        "points": sorted(offered["points"]),
    }


def _add_where(offered: dict[int, dict], at: datetime) -> None:
    """Each organisation's coverage codes and venue points, from its searchable listings (for /providers)."""
    searchable = sa.select(Listing.id).where(Listing.is_searchable(at))
    for organisation_id, code in db.session.execute(
        sa.select(Listing.organisation_id, ListingTerm.code)
        .join(ListingTerm, ListingTerm.listing_id == Listing.id)
        .where(ListingTerm.scheme == "regions", Listing.id.in_(searchable))
    ):
        offered[organisation_id]["coverage"].add(code)
    own = sa.select(Listing.organisation_id, Listing.latitude, Listing.longitude).where(Listing.id.in_(searchable))
    venues = (
        sa.select(Listing.organisation_id, ListingVenue.latitude, ListingVenue.longitude)
        .join(ListingVenue, ListingVenue.listing_id == Listing.id)
        .where(Listing.id.in_(searchable))
    )
    for query in (own, venues):
        for organisation_id, latitude, longitude in db.session.execute(query):
            if latitude is not None and longitude is not None:
                offered[organisation_id]["points"].add((latitude, longitude))
