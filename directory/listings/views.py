"""Public pages: home, listing, provider, region."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from directory import taxonomy
from directory.listings import presenters, queries

bp = Blueprint("listings", __name__)


def page_number() -> int:
    """The `page` query parameter as a positive whole number; anything else is page 1."""
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and 0 < int(value) < 100_000 else 1


@bp.get("/")
def home():
    return render_template("listings/home.html", **presenters.home_counts())


@bp.get("/listings/<slug>")
def listing(slug: str):
    item = queries.listing_by_slug(slug)
    if item is None or not item.is_public:
        abort(404)
    return render_template("listings/listing.html", listing=item, facts=presenters.listing_facts(item))


@bp.get("/providers/<slug>")
def provider(slug: str):
    organisation = queries.organisation_by_slug(slug)
    if organisation is None:
        abort(404)
    listings = queries.organisation_public_listings(organisation)
    return render_template("listings/provider.html", organisation=organisation, listings=listings)


@bp.get("/regions")
def regions():
    counts = queries.count_published_by("regions")
    return render_template("listings/regions.html", regions=taxonomy.REGIONS, counts=counts)


@bp.get("/regions/<code>")
def region(code: str):
    term = taxonomy.REGIONS.get(code)
    if term is None:
        abort(404)
    page = page_number()
    listings, total = queries.region_listings(code, page)
    if page > 1 and not listings:
        abort(404)
    pagination = presenters.pagination(request.path, page, total, queries.PAGE_SIZE)
    return render_template("listings/region.html", region=term, listings=listings, total=total,
                           pagination=pagination)


@bp.get("/about")
def about():
    return render_template("listings/about.html", sources=taxonomy.SOURCES)
