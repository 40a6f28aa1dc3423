"""What the API reads: published listings filtered by the standard's parameters, organisations, paging.

Only published listings are served. Organisations are served when they have at least one published listing (an
organisation with nothing published may be a provider that has only drafts, which are not public).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from directory import geography
from directory import public_ids as ids
from directory.api import params
from directory.api.oruk import entry_kinds
from directory.api.params import BadParameter
from directory.api.taxonomies import listing_has_any, term_by_id, vocabulary_by_id
from directory.extensions import db
from directory.listings.models import Listing, ListingTerm, ListingVenue, Organisation
from directory.listings.queries import id_in
from directory.search import index_version, search_ids
from directory.search.places import geocode
from directory.versioned import PerVersion

METRES_PER_MILE = 1609.344
COUNT_MAX_AGE = 60  # seconds a list's count is kept when the index has not changed (a safety net)
_counts = PerVersion(max_age=COUNT_MAX_AGE, size=512)
_entries = PerVersion(max_age=COUNT_MAX_AGE, size=8)  # a pair per entry: about 10 MB at 100,000 listings


@dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int
    next_cursor: params.Cursor | None = None

    def envelope(self, contents: list) -> dict:
        pages = max(1, math.ceil(self.total / self.per_page))
        return {
            "total_items": self.total,
            "total_pages": pages,
            "page_number": self.page,
            "size": len(contents),
            "first_page": self.page == 1,
            "last_page": self.page >= pages,
            "empty": not contents,
            "contents": contents,
        }


@dataclass
class Ordered:
    """A list query in a stable order on an indexed key (sort column, then id), and what its count depends on."""

    query: sa.Select
    key: sa.ColumnElement
    id: sa.ColumnElement
    count_key: tuple


def count(ordered: Ordered) -> int:
    """How many items the list has, counted once per index version (published listings change only with it)."""

    def counted() -> int:
        return db.session.scalar(sa.select(sa.func.count()).select_from(ordered.query.order_by(None).subquery()))

    database = current_app.config["SQLALCHEMY_DATABASE_URI"]
    return _counts.get((database, ordered.count_key), index_version(), counted)


def every(ordered: Ordered, batch: int = 500):
    """Every item in order, read through the sort index a batch at a time (memory stays flat at any size)."""
    after = None
    while True:
        query = ordered.query
        if after is not None:
            query = query.where(sa.tuple_(ordered.key, ordered.id) > sa.tuple_(*after))
        rows = list(db.session.scalars(query.limit(batch)).unique())
        yield from rows
        if len(rows) < batch:
            return
        after = (getattr(rows[-1], ordered.key.key), rows[-1].id)
        db.session.expunge_all()


def paginate(ordered: Ordered, args: dict) -> Page:
    """One page, found through the sort index: by cursor (`after`, stable while items are added or removed before
    it) or by page number (an offset along the same index). The page after it gets a cursor when there is one."""
    per_page, after = args["per_page"], args.get("after")
    query = ordered.query
    if after is not None:
        query, page = query.where(sa.tuple_(ordered.key, ordered.id) > sa.tuple_(after.key, after.id)), after.page
    else:
        page = args["page"]
        query = query.offset((page - 1) * per_page)
    rows = list(db.session.scalars(query.limit(per_page + 1)).unique())
    more, rows = len(rows) > per_page, rows[:per_page]
    last = rows[-1] if rows else None
    cursor = None
    if more and last is not None:
        cursor = params.Cursor(getattr(last, ordered.key.key), last.id, page + 1)
    return Page(rows, count(ordered), page, per_page, cursor)


def paginate_list(items: list, page: int, per_page: int) -> Page:
    start = (page - 1) * per_page
    return Page(items[start : start + per_page], len(items), page, per_page)


# --- search ----------------------------------------------------------------------------------------------------------


def matching_listing_ids(text: str, filters: dict | None = None, place: str | None = None) -> list[int]:
    """Ids of listings matching a search, as the site's search page finds them (so searchable ones only: published
    and verified within 18 months). The one place the API and the exports ask the search package."""
    return search_ids(text, filters or {}, place or None)


# --- services --------------------------------------------------------------------------------------------------------


def _filter_key(filters: dict) -> tuple:
    return tuple(
        sorted(
            (name, str(value))
            for name, value in filters.items()
            if name not in ("page", "per_page", "format", "after", "minimal", "full")
        )
    )


def ordered_listings(filters: dict) -> Ordered:
    return Ordered(published_listings(filters), Listing.title, Listing.id, ("services", *_filter_key(filters)))


def published_listings(filters: dict) -> sa.Select:
    """Published listings narrowed by the API's filters, in a stable order (title, then id: an index)."""
    query = sa.select(Listing).where(Listing.is_public)
    if filters.get("search"):
        query = query.where(id_in(Listing.id, matching_listing_ids(filters["search"])))
    if "taxonomy_term_id" in filters:
        ref = term_by_id(filters["taxonomy_term_id"])
        if ref is None:
            raise BadParameter("taxonomy_term_id", "No taxonomy term has that id")
        query = query.where(listing_has_any(ref.vocabulary, [ref.term.code]))
    if "taxonomy_id" in filters:
        vocabulary = vocabulary_by_id(filters["taxonomy_id"])
        if vocabulary is None:
            raise BadParameter("taxonomy_id", "No taxonomy has that id")
        query = query.where(listing_has_any(vocabulary, vocabulary.codes()))
    if "organization_id" in filters:
        organisation = organisation_by_id(filters["organization_id"])
        query = query.where(Listing.organisation_id == (organisation.id if organisation else None))
    if "modified_after" in filters:
        query = query.where(Listing.updated_at >= filters["modified_after"])
    if "postcode" in filters:
        query = query.where(id_in(Listing.id, near_postcode(filters["postcode"], filters.get("proximity"))))
    return query.order_by(Listing.title, Listing.id)


def _stored_id(wanted_id: str) -> str | None:
    """The id as stored (lower case), or None when it is not a UUID at all."""
    wanted = (wanted_id or "").lower()
    return wanted if ids.is_uuid(wanted) else None


def listing_by_service_id(service_id: str) -> Listing | None:
    """One indexed lookup: ids are stored on the listing (derived from its slug when the slug was set)."""
    wanted = _stored_id(service_id)
    if wanted is None:
        return None
    return db.session.scalar(sa.select(Listing).where(Listing.uuid == wanted, Listing.is_public))


def listing_by_entry_id(entry_id: str) -> Listing | None:
    """The published listing one of whose service-at-location entries has this id (two indexed lookups)."""
    wanted = _stored_id(entry_id)
    if wanted is None:
        return None
    return db.session.scalar(
        sa.select(Listing).where(
            sa.or_(Listing.address_entry_uuid == wanted, Listing.online_entry_uuid == wanted), Listing.is_public
        )
    )


# --- service at location ---------------------------------------------------------------------------------------------


@dataclass
class Light:
    """What oruk.entry_kinds reads of a listing, without loading the listing."""

    postcode: str | None
    address: str | None
    latitude: float | None
    longitude: float | None
    delivery: list


def entry_refs(filters: dict) -> list[tuple[int, str]]:
    """(listing id, kind) of every service-at-location entry the filters match, in the list's order (title, then id;
    physical before virtual), worked out once per index version from light rows rather than whole listings."""

    def build() -> list[tuple[int, str]]:
        matching = published_listings(filters)
        delivered: dict[int, list[str]] = {}
        chosen = matching.with_only_columns(Listing.id).order_by(None).scalar_subquery()
        for listing_id, code in db.session.execute(
            sa.select(ListingTerm.listing_id, ListingTerm.code).where(
                ListingTerm.scheme == "delivery", ListingTerm.listing_id.in_(chosen)
            )
        ):
            delivered.setdefault(listing_id, []).append(code)
        rows = db.session.execute(
            matching.with_only_columns(
                Listing.id, Listing.postcode, Listing.address, Listing.latitude, Listing.longitude
            )
        )
        return [
            (row.id, kind)
            for row in rows
            for kind in entry_kinds(
                Light(row.postcode, row.address, row.latitude, row.longitude, delivered.get(row.id, []))
            )
        ]

    database = current_app.config["SQLALCHEMY_DATABASE_URI"]
    return _entries.get((database, *_filter_key(filters)), index_version(), build)


def listings_with_kinds(refs: list[tuple[int, str]], batch: int = 500):
    """(listing, [kinds]) for consecutive refs, listings read a batch at a time, in the refs' order."""
    for start in range(0, len(refs), batch):
        chunk = refs[start : start + batch]
        wanted = sorted({listing_id for listing_id, _ in chunk})
        found = {
            listing.id: listing for listing in db.session.scalars(sa.select(Listing).where(id_in(Listing.id, wanted)))
        }
        grouped: list[tuple[int, list[str]]] = []
        for listing_id, kind in chunk:
            if grouped and grouped[-1][0] == listing_id:
                grouped[-1][1].append(kind)
            else:
                grouped.append((listing_id, [kind]))
        yield from ((found[listing_id], kinds) for listing_id, kinds in grouped if listing_id in found)
        db.session.expunge_all()


# --- postcode and proximity ----------------------------------------------------------------------------------------


def _compact_postcode(value: str | None) -> str:
    return "".join((value or "").upper().split())


def _postcode_matches(listing_postcode: str | None, asked: str) -> bool:
    """A full postcode matches exactly; a district (outward code, e.g. "SW1A") matches every postcode in it."""
    listing_code = _compact_postcode(listing_postcode)
    if not listing_code:
        return False
    if " " in asked or len(_compact_postcode(asked)) >= 5:
        return listing_code == _compact_postcode(asked)
    return listing_code[:-3] == asked


def _located_rows() -> list:
    """(listing id, postcode, latitude, longitude) for every published listing's address and venues."""
    published = Listing.is_public
    own = db.session.execute(
        sa.select(Listing.id, Listing.postcode, Listing.latitude, Listing.longitude).where(
            published, Listing.postcode.is_not(None)
        )
    ).all()
    venues = db.session.execute(
        sa.select(ListingVenue.listing_id, ListingVenue.postcode, ListingVenue.latitude, ListingVenue.longitude)
        .join(Listing, Listing.id == ListingVenue.listing_id)
        .where(published)
    ).all()
    return own + venues


def near_postcode(postcode: str, proximity: int | None) -> list[int]:
    """Published listings at a postcode (its address or a venue) or, with `proximity` (metres), with an address or
    venue within that distance of the postcode's district centre, from the site's one geocoder. A postcode with no
    known district (Northern Ireland's, or one that does not exist) has no centre and matches nothing by distance.
    """
    rows = _located_rows()
    if proximity is None:
        return sorted({row[0] for row in rows if _postcode_matches(row[1], postcode)})
    location = geocode(postcode)
    if location is None or location.point is None:
        return []
    return sorted(
        {
            row[0]
            for row in rows
            if row[2] is not None
            and row[3] is not None
            and geography.miles_between(location.point, (row[2], row[3])) * METRES_PER_MILE <= proximity
        }
    )


# --- organisations -------------------------------------------------------------------------------------------------


def _has_published_listing():
    return Organisation.id.in_(sa.select(Listing.organisation_id).where(Listing.is_public))


def ordered_organisations(search: str | None) -> Ordered:
    return Ordered(published_organisations(search), Organisation.name, Organisation.id, ("organizations", search))


def published_organisations(search: str | None) -> sa.Select:
    query = sa.select(Organisation).where(_has_published_listing())
    if search:
        pattern = f"%{search.lower()}%"
        query = query.where(
            sa.or_(
                sa.func.lower(Organisation.name).like(pattern), sa.func.lower(Organisation.description).like(pattern)
            )
        )
    return query.order_by(Organisation.name, Organisation.id)


def organisation_by_id(organization_id: str, published_only: bool = True) -> Organisation | None:
    wanted = _stored_id(organization_id)
    if wanted is None:
        return None
    query = sa.select(Organisation).where(Organisation.uuid == wanted)
    if published_only:
        query = query.where(sa.exists().where(Listing.organisation_id == Organisation.id, Listing.is_public))
    return db.session.scalar(query)


def published_listings_of(organisation: Organisation) -> list[Listing]:
    return list(
        db.session.scalars(
            sa.select(Listing)
            .where(Listing.organisation_id == organisation.id, Listing.is_public)
            .order_by(Listing.title, Listing.id)
        )
    )
