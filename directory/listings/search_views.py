"""The public search pages, /search (listings) and /providers (organisations): read the allowlisted URL parameters,
call the search engine (directory/search) or the organisation catalogue, render.

The blueprint keeps the name "search", so the endpoints stay search.search and search.providers (URLs and every
url_for are unchanged).
"""

from __future__ import annotations

import time

from flask import Blueprint, current_app, render_template, request

from directory.listings import search_presenters as presenters
from directory.listings.documents import PROVIDER_FACETS, provider_catalogue
from directory.listings.signals import searched
from directory.search import FACETS, search_catalogue
from directory.search import search as run_search

bp = Blueprint("search", __name__)


@bp.get("/search")
def search():
    params = presenters.read_params(request.args, FACETS)
    started = time.perf_counter()
    results = run_search(
        params["q"],
        params["filters"],
        params["sort"],
        params["page"],
        place=params["place"],
        distance=params["distance"],
        national=params["national"],
        exact=params["exact"],
    )
    searched.send(current_app._get_current_object(), seconds=time.perf_counter() - started, total=results.total)
    return render_template(
        "search/search.html", results=results, params=params, view=presenters.search_view(results, params)
    )


@bp.get("/providers")
def providers():
    params = presenters.read_params(request.args, PROVIDER_FACETS)
    results = search_catalogue(
        provider_catalogue(), params["q"], params["filters"], params["page"], place=params["place"]
    )
    return render_template(
        "search/providers.html", results=results, params=params, view=presenters.providers_view(results, params)
    )
