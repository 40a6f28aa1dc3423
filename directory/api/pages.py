"""Pages about the open data, for people and crawlers (blueprint api_docs): the developer page, sitemap.xml,
robots.txt, and the JSON-LD that listing pages embed."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, url_for

from directory import taxonomy
from directory.api import ids, params, sitemap
from directory.api.structured_data import listing_json_ld
from directory.api.views import CACHE_SECONDS, rate_limit

bp = Blueprint("api_docs", __name__)

# Paths crawlers have no business in: signed-in areas and per-search downloads.
DISALLOWED = ("/dashboard", "/moderation", "/account", "/accounts", "/sign-in", "/sign-up", "/sign-out",
              "/search.csv", "/search.json", "/search.atom")


def _site() -> str:
    return current_app.config["SITE_URL"]


@bp.app_template_global("listing_structured_data")
def listing_structured_data(listing) -> dict:
    return listing_json_ld(listing, _site())


@bp.get("/developers")
def developers():
    examples = {
        "taxonomy_id": ids.taxonomy_id("region"),
        "term_id": ids.taxonomy_term_id("region", "north-west"),
        "apprenticeship_id": ids.taxonomy_term_id("type", "apprenticeship"),
    }
    return render_template(
        "api/developers.html", site=_site(), examples=examples, rate_limit=rate_limit(),
        max_per_page=params.MAX_PER_PAGE, default_per_page=params.DEFAULT_PER_PAGE,
        cache_seconds=CACHE_SECONDS, vocabularies=taxonomy.ALL_VOCABULARIES, ids=ids,
        has_exports="api_docs.search_csv" in current_app.view_functions,
    )


@bp.get("/sitemap.xml")
def sitemap_xml():
    body = render_template("api/sitemap.xml", entries=sitemap.entries(_site(), url_for))
    response = Response(body, mimetype="application/xml")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.get("/robots.txt")
def robots_txt():
    lines = ["User-agent: *"] + [f"Disallow: {path}" for path in DISALLOWED]
    lines += ["", f"Sitemap: {_site()}{url_for('api_docs.sitemap_xml')}", ""]
    return Response("\n".join(lines), mimetype="text/plain")
