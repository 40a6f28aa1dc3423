"""Pages about the open data, for people and crawlers (blueprint api_docs): the developer page, sitemap.xml,
robots.txt, and the JSON-LD that listing pages embed."""

from __future__ import annotations

import re
from datetime import UTC

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    stream_with_context,
    url_for,
)

from directory import public_ids as ids
from directory import taxonomy
from directory.api import exports, open_data, params, sitemap
from directory.api.structured_data import listing_json_ld
from directory.api.views import CACHE_SECONDS, rate_limit
from directory.extensions import limiter
from directory.listings.search_presenters import read_params
from directory.search import FACETS
from directory.site_address import public_url

bp = Blueprint("api_docs", __name__)

# Paths crawlers have no business in: signed-in areas, per-search downloads and the full open-data files.
DISALLOWED = (
    "/dashboard",
    "/moderation",
    "/account",
    "/accounts",
    "/sign-in",
    "/sign-up",
    "/sign-out",
    "/search.csv",
    "/search.json",
    "/search.atom",
    "/open-data/",
)


# Characters XML 1.0 allows nowhere in a document. The feed and sitemap are cleaned of them after rendering, so no
# stored value (whatever older data or a future form lets through) can make them unparseable.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(body: str) -> str:
    return NOT_XML.sub("", body)


def _site() -> str:
    return public_url()


def listing_structured_data(listing) -> dict:
    """The JSON-LD a listing page embeds (a template global, registered in directory/templating.py)."""
    return listing_json_ld(listing, _site())


def _export_query() -> exports.ExportQuery:
    """The search page's own parameters, read by its own presenter (page and sort do not apply to a download)."""
    return exports.from_params(read_params(request.args, FACETS))


def search_export_links(params: dict) -> dict:
    """Download and subscribe links for a search, from the parameters its page has already read (a template global,
    registered in directory/templating.py: the search page passes its `params`)."""
    query = exports.from_params(params).query_string()
    suffix = f"?{query}" if query else ""
    return {kind: url_for(f"api_docs.search_{kind}") + suffix for kind in ("csv", "json", "atom")}


def _download(chunks, mimetype: str, extension: str) -> Response:
    """A streamed download: the first bytes leave at once, and memory stays flat however many listings match."""
    response = Response(stream_with_context(chunks), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="life-sciences-skills-search.{extension}"'
    response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


def _in_order(matched: list[int]):
    """The listings in the download's order, put in order only once the download has started (a generator), so
    the first bytes leave before the ordering is read."""
    yield from exports.listings_in_order(exports.in_download_order(matched))


@bp.get("/search.csv")
@limiter.shared_limit(rate_limit, scope="api")
def search_csv():
    matched = exports.matches(_export_query())
    if len(matched) > open_data.export_limit():  # before reading any row: the redirect leaves at once
        return open_data.full_file_redirect("csv")
    return _download(exports.csv_chunks(_in_order(matched), _site()), "text/csv", "csv")


@bp.get("/search.json")
@limiter.shared_limit(rate_limit, scope="api")
def search_json():
    query = _export_query()
    matched = exports.matches(query)
    if len(matched) > open_data.export_limit():
        return open_data.full_file_redirect("json")
    chunks = exports.json_chunks(_in_order(matched), len(matched), _site(), query)
    return _download(chunks, "application/json", "json")


@bp.get("/search.atom")
@limiter.shared_limit(rate_limit, scope="api")
def search_atom():
    query = _export_query()
    listings = exports.newest_matching(query)
    feed = exports.atom_feed(query, listings, _site(), url_for("api_docs.search_atom"), url_for("search.search"))
    response = Response(xml_safe(render_template("api/feed.atom.xml", feed=feed)), mimetype="application/atom+xml")
    response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


@bp.get("/open-data/<name>")
def open_data_file(name: str):
    """A full open-data file by its dated name; the undated name (listings.csv.gz) leads to the newest."""
    kind = open_data.kind_of(name)
    newest = open_data.latest(kind) if kind else None
    if newest is None:
        abort(404)
    if name == kind.alias:
        return redirect(url_for("api_docs.open_data_file", name=newest.name), 302)
    return send_from_directory(
        open_data.export_dir(),
        name,
        mimetype="application/gzip",
        as_attachment=True,
        max_age=CACHE_SECONDS,
        conditional=True,
    )


@bp.get("/developers")
def developers():
    examples = {
        "taxonomy_id": ids.taxonomy_id("region"),
        "term_id": ids.taxonomy_term_id("region", "north-west"),
        "apprenticeship_id": ids.taxonomy_term_id("type", "apprenticeship"),
    }
    return render_template(
        "api/developers.html",
        site=_site(),
        examples=examples,
        rate_limit=rate_limit(),
        max_per_page=params.MAX_PER_PAGE,
        default_per_page=params.DEFAULT_PER_PAGE,
        cache_seconds=CACHE_SECONDS,
        vocabularies=taxonomy.ALL_VOCABULARIES,
        ids=ids,
        full_files=[(kind, open_data.latest(kind)) for kind in open_data.KINDS.values()],
        export_limit=open_data.export_limit(),
    )


@bp.get("/sitemap.xml")
def sitemap_xml():
    return _sitemap_response(sitemap.sitemap_file("index", _site(), url_for, _sitemap_limit()))


@bp.get("/sitemaps/<name>.xml")
def sitemap_file(name: str):
    return _sitemap_response(sitemap.sitemap_file(name, _site(), url_for, _sitemap_limit()))


def _sitemap_limit() -> int:
    return current_app.config.get("SITEMAP_MAX_URLS", sitemap.MAX_URLS)


def _sitemap_response(made: sitemap.SitemapFile | None) -> Response:
    """The file with an ETag and Last-Modified, answered 304 when the crawler already has it."""
    if made is None:
        abort(404)
    response = Response(made.body, mimetype="application/xml")
    response.headers["Cache-Control"] = f"public, max-age={sitemap.CACHE_SECONDS}"
    response.set_etag(made.etag)
    if made.last_modified is not None:
        response.last_modified = made.last_modified.replace(tzinfo=UTC)
    return response.make_conditional(request)


@bp.get("/robots.txt")
def robots_txt():
    lines = ["User-agent: *"] + [f"Disallow: {path}" for path in DISALLOWED]
    lines += ["", f"Sitemap: {_site()}{url_for('api_docs.sitemap_xml')}", ""]
    return Response("\n".join(lines), mimetype="text/plain")
