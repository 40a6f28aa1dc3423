"""Public pages: home, listing, provider, region."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for

from directory import geography, taxonomy
from directory.listings import presenters, queries, routes
from directory.numbers import page_number

bp = Blueprint("listings", __name__)


def requested_page() -> int:
    return page_number(request.args.get("page"))


@bp.get("/")
def home():
    return render_template("listings/home.html", **presenters.home_counts())


@bp.get("/listings/<slug>")
def listing(slug: str):
    item = queries.listing_by_slug(slug)
    if (item is None or not item.is_public) and (kept := queries.listing_by_retired_slug(slug)) is not None:
        return redirect(url_for("listings.listing", slug=kept.slug), 301)  # a merged duplicate's old address
    if item is None or not item.is_public:
        abort(404)
    return render_template(
        "listings/listing.html",
        listing=item,
        facts=presenters.listing_facts(item),
        source_line=presenters.source_line(item.source, item.source_section),
        next_steps=routes.what_next(item),
    )


@bp.get("/providers/<slug>")
def provider(slug: str):
    organisation = queries.organisation_by_slug(slug)
    listings = queries.organisation_public_listings(organisation) if organisation else []
    if not listings:  # nothing published: the organisation has not been through moderation, so is not public
        abort(404)
    initiatives = [listing for listing in listings if listing.is_initiative]
    listings = [listing for listing in listings if not listing.is_initiative]
    return render_template(
        "listings/provider.html",
        organisation=organisation,
        listings=listings,
        initiatives=initiatives,
        source_line=presenters.source_line(organisation.source, organisation.source_section),
    )


@bp.get("/regions")
def regions():
    return render_template("listings/regions.html", regions=taxonomy.REGIONS, counts=queries.region_counts())


@bp.get("/regions/<code>")
def region(code: str):
    term = taxonomy.REGIONS.get(code)
    if term is None:
        abort(404)
    page = requested_page()
    listings, total, specific = queries.region_listings(code, page)
    if page > 1 and not listings:
        abort(404)
    pagination = presenters.pagination(request.path, page, total, queries.PAGE_SIZE)
    return render_template(
        "listings/region.html",
        region=term,
        listings=listings,
        total=total,
        specific=specific,
        wider=geography.wider_areas(code),
        pagination=pagination,
        initiatives=queries.region_initiatives(code),
    )


@bp.get("/about")
def about():
    return render_template("listings/about.html", sources=taxonomy.SOURCES, geography_attribution=geography.ATTRIBUTION)
