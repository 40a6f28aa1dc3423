"""What the /search and /providers pages show: request arguments turned into allowlisted plain values, and the
engine's results into links, labels and cards, so the templates only print. Facet headings and value labels are the
vocabularies' own (directory/taxonomy.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import url_for

from directory import geography, taxonomy
from directory.listings.documents import PROVIDER_FACETS
from directory.listings.presenters import next_start_label, pagination
from directory.numbers import page_number
from directory.search import FACETS, SORTS
from directory.search.locality import DISTANCES, clean_distance

SORT_LABELS = {
    "relevance": "Best match",
    "newest": "Newest",
    "title": "Title (A to Z)",
    "start": "Start date",
    "distance": "Distance",
}
MAX_PARAM_CHARS = 200


def _first(args, name: str) -> str:
    value = args.get(name, "") or ""
    return value.replace("\x00", "")[: MAX_PARAM_CHARS * 4]


def read_params(args, facets: dict) -> dict:
    """Only the parameters the page knows; unknown ones are ignored, repeated single ones use the first value."""
    sort = _first(args, "sort")
    return {
        "q": _first(args, "q"),
        "place": _first(args, "place"),
        "sort": sort if sort in SORTS else "relevance",
        "page": page_number(_first(args, "page")),
        "exact": _first(args, "exact") == "1",
        "filters": {name: args.getlist(name)[:50] for name in facets if name in args},
        "distance": clean_distance(_first(args, "distance")),
        "national": _first(args, "local") != "1",
    }


def location_extra(params: dict) -> dict:
    """The location options a link must carry along with the query and filters."""
    return {"distance": params.get("distance") or "", "local": "" if params.get("national", True) else "1"}


def _url(endpoint: str, q: str, place: str, filters: dict, sort: str = "relevance", **extra) -> str:
    pairs = [("q", q)] if q else []
    if place:
        pairs.append(("place", place))
    pairs += [(name, code) for name, codes in filters.items() for code in codes]
    if sort != "relevance":
        pairs.append(("sort", sort))
    pairs += [(k, v) for k, v in extra.items() if v not in (None, "")]
    return url_for(endpoint) + ("?" + urlencode(pairs) if pairs else "")


def _without(filters: dict, name: str, code: str | None = None) -> dict:
    result = {}
    for facet, codes in filters.items():
        kept = [c for c in codes if facet != name or (code is not None and c != code)]
        if kept:
            result[facet] = kept
    return result


def selected_filters(endpoint, q, place, filters, sort, vocabularies: dict, extra=None) -> list[dict]:
    """A "remove this filter" link for each value chosen, headed by its facet's vocabulary."""
    return [
        {
            "facet": vocabularies[name].label,
            "label": vocabularies[name].label_for(code),
            "href": _url(endpoint, q, place, _without(filters, name, code), sort, **(extra or {})),
        }
        for name, codes in filters.items()
        for code in codes
    ]


# The filter panel (templates/search/_filters.html): a facet with more than LONG_FACET values shows its TOP_VALUES
# biggest, the rest behind "Show all N"; the first OPEN_FACETS facets start open, as does any with a selection.
LONG_FACET = 10
TOP_VALUES = 6
OPEN_FACETS = 2


def facet_groups(facets: dict, vocabularies: dict) -> list[dict]:
    """Each facet's checkboxes under its vocabulary's heading: values with results, and any selected value even when
    it has none."""
    groups = []
    for name, values in facets.items():
        items = [value for value in values if value.count or value.selected]
        if items:
            top, rest = split_long_facet(items)
            selected = sum(1 for value in items if value.selected)
            groups.append(
                {
                    "name": name,
                    "label": vocabularies[name].label,
                    "items": items,
                    "top": top,
                    "rest": rest,
                    "selected": selected,
                    "open": bool(selected) or len(groups) < OPEN_FACETS,
                    "rest_open": any(value.selected for value in rest),
                }
            )
    return groups


def split_long_facet(items: list) -> tuple[list, list]:
    """(shown, behind "Show all"): a long facet ranked by count, biggest first (ties keep vocabulary order).

    The ranking uses counts alone, never the selection, and a facet's counts ignore its own selection, so ticking
    a box never moves it: the person's place in the list survives the live update.
    """
    if len(items) <= LONG_FACET:
        return items, []
    ranked = sorted(items, key=lambda value: -value.count)
    return ranked[:TOP_VALUES], ranked[TOP_VALUES:]


def result_cards(hits: list[dict]) -> list[dict]:
    """Result cards with their links and labels worked out once, so the template only prints (url_for and a
    template include per result were a third of the page's rendering time)."""
    listing_href = url_for("listings.listing", slug="__slug__")
    provider_href = url_for("listings.provider", slug="__slug__")
    return [
        {
            **hit,
            "href": listing_href.replace("__slug__", hit["slug"]),
            "provider_href": provider_href.replace("__slug__", hit["provider_slug"]) if hit["provider_slug"] else "",
            "type_label": taxonomy.PROVISION_TYPES.label_for(hit["type"]),
            "scope_label": geography.scope_label(hit["regions"]),
            "miles_label": miles_label(hit.get("miles")),
            "next_start": next_start_label(hit.get("rolling", False), hit.get("starts", [])),
            "availability_label": (
                taxonomy.AVAILABILITY.label_for(hit["availability"]) if hit["availability"] != "open" else ""
            ),
            "initiative": hit.get("kind") == "initiative",
        }
        for hit in hits
    ]


def miles_label(miles: float | None) -> str:
    if miles is None:
        return ""
    if miles < 1:
        return "Less than 1 mile away"
    rounded = round(miles)
    return f"About {rounded} mile{'' if rounded == 1 else 's'} away"


def _location_view(results, params: dict) -> dict:
    """The distance choices and the notes that say which area the results cover."""
    code = (results.region or {}).get("code")
    return {
        "distances": [{"value": "", "text": "Any distance", "selected": not params["distance"]}]
        + [
            {"value": str(miles), "text": f"Within {miles} miles", "selected": params["distance"] == miles}
            for miles in DISTANCES
        ],
        "wider": geography.wider_areas(code) if code else "",
        "local_only": not params["national"],
    }


def search_view(results, params: dict) -> dict:
    q, place, filters, sort = results.query, params["place"], results.filters, results.sort
    extra = location_extra(params)
    query_pairs = {
        "q": q,
        "place": place,
        **filters,
        **({"sort": sort} if sort != "relevance" else {}),
        **extra,
        "exact": "1" if params.get("exact") else "",
    }
    view = {
        "selected": selected_filters("search.search", q, place, filters, sort, FACETS, extra),
        "clear_all": _url("search.search", q, place, {}, sort, **extra),
        "first_page": _url("search.search", q, place, filters, sort, **extra),
        "facets": facet_groups(results.facets, FACETS),
        "sorts": [
            {"value": key, "text": label, "selected": key == sort}
            for key, label in SORT_LABELS.items()
            if key != "distance" or results.located
        ],
        "pagination": pagination(
            url_for("search.search"),
            results.page,
            results.total,
            results.per_page,
            {k: v for k, v in query_pairs.items() if v},
        ),
        "suggestion_href": (
            _url("search.search", results.suggestion, place, filters, sort, **extra) if results.suggestion else None
        ),
        "everywhere_href": None,
        "relax": None,
        "cards": result_cards(results.hits),
        "location": _location_view(results, params),
        **understood_view(results, place, filters, sort),
    }
    if results.region and results.region["applied"]:
        view["everywhere_href"] = _url(
            "search.search", results.keywords, "", filters, sort if sort != "distance" else "relevance"
        )
    if results.relax:
        name = results.relax["facet"]
        view["relax"] = {
            "label": FACETS[name].label.lower(),
            "total": results.relax["total"],
            "href": (
                _url("search.search", results.keywords, "", filters, sort)
                if name == "region" and "region" not in filters
                else view["understood_hrefs"].get(name)
                or _url("search.search", q, place, _without(filters, name), sort, **extra)
            ),
        }
    return view


def understood_view(results, place: str, filters: dict, sort: str) -> dict:
    """Links for what the search understood: the words as typed (after a correction), and each phrase's facet
    values taken out (searching without the phrase); understood_hrefs maps a phrase's facets to that link."""
    corrected_href = (
        _url("search.search", results.corrected_from, place, filters, sort, exact="1")
        if results.corrected_from
        else None
    )
    understood, hrefs = [], {}
    for item in results.understood:
        if not item["applied"]:
            continue
        href = _url("search.search", item["without"], place, filters, sort)
        understood.append({"said": item["said"], "shown_as": item["shown_as"], "href": href})
        hrefs.update(dict.fromkeys(item["facets"], href))
    return {"corrected_href": corrected_href, "understood": understood, "understood_hrefs": hrefs}


def providers_view(results, params: dict) -> dict:
    q, filters, place = results.query, results.filters, params["place"]
    location = results.location
    return {
        "selected": selected_filters("search.providers", q, place, filters, "relevance", PROVIDER_FACETS),
        "clear_all": _url("search.providers", q, place, {}),
        "first_page": _url("search.providers", q, place, filters),
        "facets": facet_groups(results.facets, PROVIDER_FACETS),
        "pagination": pagination(
            url_for("search.providers"),
            results.page,
            results.total,
            results.per_page,
            {k: v for k, v in {"q": q, "place": place, **filters}.items() if v},
        ),
        "near": (
            {"matched": location.matched, "region": taxonomy.REGIONS.label_for(location.region)} if location else None
        ),
    }
