"""Routes into a life sciences career: each step of taxonomy.ROUTES as a search for where a person is, and "what
could come next" after one listing (the step one up, in the same topic and region).

The step searches are plain search() calls (no Flask needed, so the benchmark times them); the *_view functions
add the links and result cards the templates print.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import url_for

from directory import geography, taxonomy
from directory.listings.search_presenters import result_cards
from directory.search import SearchResults, search

SHOWN = 3  # listings shown under each step; the rest are a link away
MAX_PLACE_CHARS = 200
# The listing attributes that hold each facet's codes a route step can ask for.
LISTING_CODES = {
    "type": lambda listing: [listing.provision_type],
    "level": lambda listing: listing.levels,
    "audience": lambda listing: listing.audiences,
}


@dataclass
class Where:
    """Where the person said they are: a place or postcode as search reads it, and/or one region code."""

    place: str = ""
    region: str = ""

    def filters(self) -> dict[str, list[str]]:
        return {"region": [self.region]} if self.region else {}

    def pairs(self) -> list[tuple[str, str]]:
        return [(name, value) for name, value in (("place", self.place), ("region", self.region)) if value]


def read_where(args) -> Where:
    """The allowlisted location parameters: `place` (trimmed) and `region` (a known code, else ignored)."""
    place = " ".join((args.get("place") or "").replace("\x00", "").split())[:MAX_PLACE_CHARS]
    region = args.get("region") or ""
    return Where(place, region if region in taxonomy.REGIONS else "")


def step_filters(step: taxonomy.RouteStep, extra: dict | None = None) -> dict[str, list[str]]:
    return {**{name: list(codes) for name, codes in step.filters.items()}, **(extra or {})}


def step_results(where: Where, *, index=None) -> list[tuple[taxonomy.RouteStep, SearchResults]]:
    """Every route step's first listings and count for the person's location, in route order."""
    return [
        (
            step,
            search(
                "",
                step_filters(step, where.filters()),
                per_page=SHOWN,
                place=where.place or None,
                index=index,
                with_facets=False,
            ),
        )
        for route in taxonomy.ROUTES
        for step in route.steps
    ]


def _search_href(filters: dict, place: str = "") -> str:
    pairs = ([("place", place)] if place else []) + [(name, code) for name, codes in filters.items() for code in codes]
    return url_for("search.search") + "?" + urlencode(pairs)


def routes_view(where: Where) -> dict:
    """The /routes page: each route with its steps, each step with its count, first listings and search link."""
    found = {step.code: results for step, results in step_results(where)}
    first = next(iter(found.values()))
    routes = [
        {"route": route, "steps": [_step_view(step, found[step.code], where) for step in route.steps]}
        for route in taxonomy.ROUTES
    ]
    return {
        "routes": routes,
        "location": first.region,
        "place_unknown": first.place_unknown,
        "region_label": taxonomy.REGIONS.label_for(where.region) if where.region else "",
        "regions": [{"value": "", "text": "Anywhere in the UK", "selected": not where.region}]
        + [
            {"value": term.code, "text": term.label, "selected": term.code == where.region} for term in taxonomy.REGIONS
        ],
    }


def _step_view(step: taxonomy.RouteStep, results: SearchResults, where: Where) -> dict:
    nxt = taxonomy.ROUTE_STEPS.get(step.next or "")
    return {
        "step": step,
        "total": results.total,
        "cards": result_cards(results.hits),
        "href": _search_href(step_filters(step, where.filters()), where.place),
        "next": {"label": nxt.label, "href": f"#step-{nxt.code}"} if nxt else None,
    }


def step_of(listing) -> taxonomy.RouteStep | None:
    """The first route step (in route order) whose search would find this listing."""
    for route in taxonomy.ROUTES:
        for step in route.steps:
            if all(set(LISTING_CODES[name](listing)) & set(codes) for name, codes in step.filters.items()):
                return step
    return None


def _local_regions(listing) -> list[str]:
    """The listing's own regions; none when it is open across a nation or more (then "the same region" is
    anywhere it is open, so the search is not narrowed by place)."""
    return [code for code in listing.regions if code not in geography.NATIONAL_SCOPES]


def what_next(listing, *, limit: int = SHOWN) -> dict | None:
    """Listings one step up from this one, in the same topics and region, or None when it has no step above.
    The count is the linked search's total (which includes this listing if it spans both steps); the cards leave
    this listing out."""
    step = step_of(listing) if not listing.is_initiative else None
    nxt = taxonomy.ROUTE_STEPS.get(step.next or "") if step else None
    if nxt is None:
        return None
    extra = {"topic": list(listing.topics)} if listing.topics else {}
    if regions := _local_regions(listing):
        extra["region"] = regions
    filters = step_filters(nxt, extra)
    results = search("", filters, per_page=limit + 1, with_facets=False)
    hits = [hit for hit in results.hits if hit["id"] != listing.id][:limit]
    return {
        "step": nxt,
        "total": results.total,
        "cards": result_cards(hits),
        "href": _search_href(filters),
        "topics": _any_of([taxonomy.TOPICS.label_for(code) for code in listing.topics]),
        "regions": _any_of([taxonomy.REGIONS.label_for(code) for code in regions]),
    }


def _any_of(labels: list[str]) -> str:
    """'A, B or C': a search matches any one of a facet's values."""
    return " or ".join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 1 else labels)
