"""The Open Referral UK 3.0 API under /api/v1: thin views over params (check), queries (read) and oruk (shape)."""

from __future__ import annotations

import json
from datetime import UTC
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, jsonify, request, stream_with_context

from directory.api import open_data, oruk, params, queries
from directory.api import taxonomies as taxonomy_json
from directory.api.openapi import openapi_document
from directory.api.taxonomies import VOCABULARIES, all_terms, term_by_id, vocabulary_by_id
from directory.extensions import limiter
from directory.site_address import public_url

bp = Blueprint("api", __name__, url_prefix="/api/v1")

ORUK_VERSION = "HSDS-UK-3.0"
ORUK_PROFILE = "https://openreferraluk.org/specifications/3.0/"
CACHE_SECONDS = 300


def rate_limit() -> str:
    return current_app.config.get("API_RATE_LIMIT", "120 per minute")


# One budget per client across /api/v1/ and the search downloads (api_docs shares the "api" scope).
limiter.shared_limit(rate_limit, scope="api")(bp)


def site() -> str:
    return public_url()


# --- responses -------------------------------------------------------------------------------------------------------


def collection(items, args: dict, to_json, full_file: str | None = None) -> Response:
    """A paged envelope, or with format=ndjson every matching item, one JSON object a line, unpaged and streamed;
    more than EXPORT_MAX_ROWS of them lead to the nightly full file of that kind (`full_file`), when there is one."""
    if args["format"] == "ndjson":
        if full_file and not isinstance(items, list) and queries.count(items) > open_data.export_limit():
            return open_data.full_file_redirect(full_file)
        everything = items if isinstance(items, list) else queries.every(items)
        lines = (json.dumps(to_json(item), ensure_ascii=False) + "\n" for item in everything)
        return Response(stream_with_context(lines), mimetype="application/x-ndjson")
    if isinstance(items, list):
        page = queries.paginate_list(items, args["page"], args["per_page"])
    else:
        page = queries.paginate(items, args)
    response = jsonify(page.envelope([to_json(item) for item in page.items]))
    if page.next_cursor is not None:
        response.headers["Link"] = f'<{next_page_url(page.next_cursor)}>; rel="next"'
    return response


def one_item(item, to_json, missing: str) -> Response:
    """`to_json(site, item)`, or a 404 saying `missing` when there is no such item."""
    if item is None:
        abort(404, description=missing)
    return jsonify(to_json(site(), item))


def next_page_url(cursor: params.Cursor) -> str:
    """This request's address with `after` set to the cursor (and no `page`)."""
    kept = [(name, value) for name, value in request.args.items(multi=True) if name not in ("page", "after")]
    return f"{site()}{request.path}?{urlencode([*kept, ('after', cursor.encode())])}"


@bp.errorhandler(params.BadParameter)
def bad_parameter(error: params.BadParameter):
    return jsonify({"code": 400, "message": error.description, "parameter": error.parameter}), 400


@bp.errorhandler(429)
def too_many_requests(error):
    message = f"Too many requests: this API allows {error.description} from each client. Try again shortly."
    return jsonify({"code": 429, "message": message}), 429


@bp.after_app_request
def open_for_reuse(response: Response) -> Response:
    """CORS for anyone on the API (and only the API), shared caching, and conditional GETs."""
    if not request.path.startswith(bp.url_prefix):
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = (
        "ETag, Link, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"
    )
    if response.status_code == 200 and request.method in ("GET", "HEAD"):
        response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
        if not response.is_streamed:
            response.add_etag()
            response.make_conditional(request)
    elif response.status_code >= 400:
        response.headers["Cache-Control"] = "no-store"
    return response


# --- endpoints -------------------------------------------------------------------------------------------------------


@bp.get("/")
def api_details():
    params.parse(request.args, "none")
    return jsonify(
        {"version": ORUK_VERSION, "profile": ORUK_PROFILE, "openapi_url": f"{site()}{bp.url_prefix}/openapi.json"}
    )


@bp.get("/openapi.json")
def openapi():
    params.parse(request.args, "none")
    return jsonify(openapi_document(site()))


@bp.get("/services")
def services():
    args = params.parse(request.args, "services")
    query = queries.ordered_listings(args)
    if args.get("minimal"):
        return collection(query, args, oruk.minimal_service)
    full = args.get("full", False)
    full_file = "ndjson" if not full else None  # the full file holds the services as the default listing has them
    return collection(query, args, lambda listing: oruk.service(site(), listing, full=full), full_file)


@bp.get("/services/<service_id>")
def service(service_id: str):
    params.parse(request.args, "none")
    listing = queries.listing_by_service_id(service_id)
    if listing is None:
        abort(404, description="No published service has that id")
    response = jsonify(oruk.service(site(), listing, full=True))
    response.last_modified = listing.updated_at.replace(tzinfo=UTC)
    return response


@bp.get("/service_at_locations")
def service_at_locations():
    """Entries are per listing and kind, so the list is paged over (listing id, kind) pairs worked out once per
    index version; only the listings on the page (or, for ndjson, a batch at a time) are read."""
    args = params.parse(request.args, "service_at_locations")
    refs = queries.entry_refs(args)
    with_service = site() if args.get("full", False) else None

    def entries(chosen):
        for listing, kinds in queries.listings_with_kinds(chosen):
            yield from oruk.service_at_locations(listing, with_service, in_list=True, kinds=kinds)

    if args["format"] == "ndjson":
        lines = (json.dumps(entry, ensure_ascii=False) + "\n" for entry in entries(refs))
        return Response(stream_with_context(lines), mimetype="application/x-ndjson")
    page = queries.paginate_list(refs, args["page"], args["per_page"])
    return jsonify(page.envelope(list(entries(page.items))))


@bp.get("/service_at_locations/<entry_id>")
def service_at_location(entry_id: str):
    params.parse(request.args, "none")
    listing = queries.listing_by_entry_id(entry_id)
    for entry in oruk.service_at_locations(listing) if listing is not None else []:
        if entry["id"] == entry_id.lower():  # the listing still has that kind of place (an address; online)
            return jsonify(entry)
    abort(404, description="No service at location has that id")


@bp.get("/organizations")
def organizations():
    args = params.parse(request.args, "organizations")
    query = queries.ordered_organisations(args.get("search"))
    return collection(query, args, lambda org: organization_json(org, args))


@bp.get("/organizations/<organization_id>")
def organization(organization_id: str):
    args = params.parse(request.args, "organization")
    org = queries.organisation_by_id(organization_id)
    if org is None:
        abort(404, description="No organization with published services has that id")
    return jsonify(organization_json(org, {**args, "full": True}))


def organization_json(org, args: dict) -> dict:
    data = oruk.organization(site(), org, full=args.get("full", False))
    if args.get("full_service"):
        data["services"] = [oruk.service(site(), listing, full=True) for listing in queries.published_listings_of(org)]
    return data


@bp.get("/taxonomies")
def taxonomies():
    args = params.parse(request.args, "taxonomies")
    wanted = (args.get("search") or "").lower()
    found = [v for v in VOCABULARIES if wanted in f"{v.label} {v.description} {v.code}".lower()]
    return collection(found, args, lambda vocabulary: taxonomy_json.taxonomy_summary(site(), vocabulary))


@bp.get("/taxonomies/<taxonomy_id>")
def taxonomy(taxonomy_id: str):
    params.parse(request.args, "none")
    return one_item(vocabulary_by_id(taxonomy_id), taxonomy_json.taxonomy_full, "No taxonomy has that id")


@bp.get("/taxonomy_terms")
def taxonomy_terms():
    args = params.parse(request.args, "taxonomy_terms")
    vocabulary = None
    if "taxonomy_id" in args:
        vocabulary = vocabulary_by_id(args["taxonomy_id"])
        if vocabulary is None:
            raise params.BadParameter("taxonomy_id", "No taxonomy has that id")
    if "parent_id" in args and term_by_id(args["parent_id"]) is None:
        raise params.BadParameter("parent_id", "No taxonomy term has that id")
    wanted = (args.get("search") or "").lower()
    terms = [
        ref
        for ref in all_terms(vocabulary)
        if wanted in f"{ref.term.label} {ref.term.description} {ref.term.code}".lower() and "parent_id" not in args
    ]  # our vocabularies are flat: no term has a parent
    return collection(terms, args, lambda ref: taxonomy_json.taxonomy_term(site(), ref))


@bp.get("/taxonomy_terms/<term_id>")
def taxonomy_term(term_id: str):
    params.parse(request.args, "none")
    return one_item(term_by_id(term_id), taxonomy_json.taxonomy_term, "No taxonomy term has that id")
