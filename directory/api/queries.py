"""What the API reads: published listings filtered by the standard's parameters, organisations, paging.

Only published listings are served. Organisations are served when they have at least one published listing (an
organisation with nothing published may be a provider that has only drafts, which are not public).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import sqlalchemy as sa

from directory.listings.queries import id_in
from directory.api import ids
from directory.api.taxonomies import listing_has_any, term_by_id, vocabulary_by_id
from directory.api.params import BadParameter
from directory.extensions import db
from directory.listings.models import Listing, Organisation
from directory.search import search_ids

EARTH_RADIUS_M = 6_371_000


@dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int

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


def paginate(query: sa.Select, page: int, per_page: int) -> Page:
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique().all()
    return Page(list(rows), total, page, per_page)


def paginate_list(items: list, page: int, per_page: int) -> Page:
    start = (page - 1) * per_page
    return Page(items[start:start + per_page], len(items), page, per_page)


# --- search ----------------------------------------------------------------------------------------------------------

def matching_listing_ids(text: str, filters: dict | None = None, place: str | None = None) -> list[int]:
    """Ids of listings matching a search, as the site's search page finds them (so searchable ones only: published
    and verified within 18 months). The one place the API and the exports ask the search package."""
    return search_ids(text, filters or {}, place or None)


# --- services --------------------------------------------------------------------------------------------------------

def published_listings(filters: dict) -> sa.Select:
    """Published listings narrowed by the API's filters, in a stable order (title, then id)."""
    query = sa.select(Listing).join(Listing.organisation).where(Listing.status == "published")
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


def listing_by_service_id(service_id: str) -> Listing | None:
    slug = _slug_for(service_id, sa.select(Listing.slug).where(Listing.status == "published"), ids.service_id)
    if slug is None:
        return None
    return db.session.scalar(sa.select(Listing).where(Listing.slug == slug, Listing.status == "published"))


def _slug_for(wanted_id: str, slugs: sa.Select, make_id) -> str | None:
    """Ids are derived from slugs, so find the slug whose id is the one asked for."""
    wanted = (wanted_id or "").lower()
    if not ids.is_uuid(wanted):
        return None
    return next((slug for slug in db.session.scalars(slugs) if make_id(slug) == wanted), None)


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


def near_postcode(postcode: str, proximity: int | None) -> list[int]:
    """Published listings at a postcode or, with `proximity` (metres), within that distance of its centre.

    We hold no postcode database, so a postcode's centre is the mean position of our own listings there; a postcode
    none of our listings uses with coordinates has no known centre and matches nothing.
    """
    rows = db.session.execute(
        sa.select(Listing.id, Listing.postcode, Listing.latitude, Listing.longitude)
        .where(Listing.status == "published", Listing.postcode.is_not(None))
    ).all()
    at_postcode = [row for row in rows if _postcode_matches(row.postcode, postcode)]
    if proximity is None:
        return [row.id for row in at_postcode]
    located = [row for row in at_postcode if row.latitude is not None and row.longitude is not None]
    if not located:
        return []
    centre = (sum(r.latitude for r in located) / len(located), sum(r.longitude for r in located) / len(located))
    candidates = db.session.execute(
        sa.select(Listing.id, Listing.latitude, Listing.longitude)
        .where(Listing.status == "published", Listing.latitude.is_not(None), Listing.longitude.is_not(None))
    ).all()
    return [row.id for row in candidates if distance_m(centre, (row.latitude, row.longitude)) <= proximity]


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


# --- organisations -------------------------------------------------------------------------------------------------

def _has_published_listing():
    return Organisation.id.in_(sa.select(Listing.organisation_id).where(Listing.status == "published"))


def published_organisations(search: str | None) -> sa.Select:
    query = sa.select(Organisation).where(_has_published_listing())
    if search:
        pattern = f"%{search.lower()}%"
        query = query.where(sa.or_(sa.func.lower(Organisation.name).like(pattern),
                                   sa.func.lower(Organisation.description).like(pattern)))
    return query.order_by(Organisation.name, Organisation.id)


def organisation_by_id(organization_id: str, published_only: bool = True) -> Organisation | None:
    slugs = sa.select(Organisation.slug)
    if published_only:
        slugs = slugs.where(_has_published_listing())
    slug = _slug_for(organization_id, slugs, ids.organization_id)
    if slug is None:
        return None
    return db.session.scalar(sa.select(Organisation).where(Organisation.slug == slug))


def published_listings_of(organisation: Organisation) -> list[Listing]:
    return list(db.session.scalars(
        sa.select(Listing).where(Listing.organisation_id == organisation.id, Listing.status == "published")
        .order_by(Listing.title, Listing.id)
    ))
