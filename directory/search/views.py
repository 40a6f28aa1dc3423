"""The /search and /providers pages: read the allowlisted URL parameters, call the search functions, render."""
from __future__ import annotations

import time

from blinker import signal
from flask import Blueprint, current_app, render_template, request

from directory.search import presenters
from directory.search.providers import PROVIDER_FACETS, search_providers
from directory.search import FACETS, search as run_search

bp = Blueprint("search", __name__)
# Sent after each search page's search with seconds= and total=: the operators' metrics listen (directory/ops).
searched = signal("directory.searched")


@bp.get("/search")
def search():
    params = presenters.read_params(request.args, FACETS)
    started = time.perf_counter()
    results = run_search(params["q"], params["filters"], params["sort"], params["page"], place=params["place"],
                         distance=params["distance"], national=params["national"], exact=params["exact"])
    searched.send(current_app._get_current_object(), seconds=time.perf_counter() - started, total=results.total)
    return render_template("search/search.html", results=results, params=params,
                           view=presenters.search_view(results, params))


@bp.get("/providers")
def providers():
    from directory.listings.documents import provider_catalogue

    params = presenters.read_params(request.args, PROVIDER_FACETS)
    results = search_providers(provider_catalogue(), params["q"], params["filters"], params["page"],
                               place=params["place"])
    return render_template("search/providers.html", results=results, params=params,
                           view=presenters.providers_view(results, params))
