"""The /search and /providers pages: read the allowlisted URL parameters, call the search functions, render."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from directory.search import presenters
from directory.search.providers import PROVIDER_FACETS, search_providers
from directory.search.service import FACETS, search as run_search

bp = Blueprint("search", __name__)


@bp.get("/search")
def search():
    params = presenters.read_params(request.args, FACETS)
    results = run_search(params["q"], params["filters"], params["sort"], params["page"], place=params["place"],
                         distance=params["distance"], national=params["national"], exact=params["exact"])
    return render_template("search/search.html", results=results, params=params,
                           view=presenters.search_view(results, params))


@bp.get("/providers")
def providers():
    from directory.listings.documents import organisation_documents

    params = presenters.read_params(request.args, PROVIDER_FACETS)
    results = search_providers(organisation_documents(), params["q"], params["filters"], params["page"],
                               place=params["place"])
    return render_template("search/providers.html", results=results, params=params,
                           view=presenters.providers_view(results, params))
