"""What the API reads: published listings filtered by the standard's parameters, organisations, paging.

Only published listings are served. Organisations are served when they have at least one published listing (an
organisation with nothing published may be a provider that has only drafts, which are not public).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import sqlalchemy as sa

from directory.listings.queries import id_in
from directory import public_ids as ids
from directory.api.taxonomies import listing_has_any, term_by_id, vocabulary_by_id
from directory.api.params import BadParameter
from directory.extensions import db
from directory import geography
from directory.listings.models import Listing, ListingVenue, Organisation
from directory.search import search_ids
from directory.search.places import geocode

METRES_PER_MILE = 1609.344


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


def _located_rows() -> list:
    """(listing id, postcode, latitude, longitude) for every published listing's address and venues."""
    published = Listing.status == "published"
    own = db.session.execute(sa.select(Listing.id, Listing.postcode, Listing.latitude, Listing.longitude)
                             .where(published, Listing.postcode.is_not(None))).all()
    venues = db.session.execute(
        sa.select(ListingVenue.listing_id, ListingVenue.postcode, ListingVenue.latitude, ListingVenue.longitude)
        .join(Listing, Listing.id == ListingVenue.listing_id).where(published)).all()
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
    return sorted({row[0] for row in rows if row[2] is not None and row[3] is not None
                   and geography.miles_between(location.point, (row[2], row[3])) * METRES_PER_MILE <= proximity})


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
