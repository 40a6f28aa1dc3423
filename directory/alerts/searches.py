"""An alert's search: read from /search's URL parameters through search's own allowlist, described in words, and
turned back into a /search link. Matching is search's public search_ids(), never SQL of its own."""

from __future__ import annotations

from urllib.parse import urlencode

from directory.listings.search_presenters import read_params
from directory.search import FACETS, clean_filters, search_ids

QUERY_CHARS, PLACE_CHARS = 200, 100


def from_request_args(args) -> dict:
    """The search a /search URL describes, cleaned exactly as /search cleans it (unknown parameters dropped)."""
    params = read_params(args, FACETS)
    return {
        "query": " ".join(params["q"].split())[:QUERY_CHARS],
        "place": " ".join(params["place"].split())[:PLACE_CHARS],
        "filters": clean_filters(params["filters"]),
        "distance": params["distance"],
        "national": params["national"],
    }


def matching_ids(alert) -> list[int]:
    """Every listing id the alert's search finds now (published, searchable, not ended), through directory.search."""
    return search_ids(alert.query, alert.filters, alert.place or None, distance=alert.distance, national=alert.national)


def describe(search: dict, free_text: bool = True) -> list[tuple[str, str]]:
    """(what, chosen) pairs: ("Keywords", "“laboratory”"), ("Region", "London or Wales")... With free_text=False
    only the filters, in the vocabulary's own labels: nothing a stranger typed (for the confirmation email)."""
    rows = []
    if search["query"] and free_text:
        rows.append(("Keywords", f"\u201c{search['query']}\u201d"))
    if search["place"] and free_text:
        within = f"within {search['distance']} miles of " if search.get("distance") else ""
        rows.append(("Place", within + search["place"] + ("" if search.get("national", True) else ", local only")))
    for name, codes in search["filters"].items():
        vocabulary = FACETS[name]
        rows.append((vocabulary.label, " or ".join(vocabulary.label_for(code) for code in codes)))
    if not free_text:
        return rows
    return rows or [("Search", "All new listings")]


def search_query_string(search: dict) -> str:
    """The /search query string for the alert's search, so a digest can link to all its results."""
    pairs = [("q", search["query"])] if search["query"] else []
    if search["place"]:
        pairs.append(("place", search["place"]))
    pairs += [(name, code) for name, codes in search["filters"].items() for code in codes]
    if search.get("distance"):
        pairs.append(("distance", str(search["distance"])))
    if not search.get("national", True):
        pairs.append(("local", "1"))
    return urlencode(pairs)


def as_search(alert) -> dict:
    return {
        "query": alert.query,
        "place": alert.place,
        "filters": alert.filters or {},
        "distance": alert.distance,
        "national": alert.national,
    }
