"""The search interface the rest of the app uses: plain values in, plain data out.

    search(query, filters, sort, page, per_page, place, distance=None, national=True) -> SearchResults
    search_ids(query, filters, place) -> [listing id, ...]   (every match, for the API and exports)

This module assembles the results: it asks selection.py what a query and its filters select, ranking.py for the
page of documents in order, facets.py for the counts (each facet's counts computed as though its own selection were
removed), and corrections.py for help with the words. A region's count is the listings specific to it; national
ones count under their own codes ("england", "great-britain", "uk-wide").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from directory.search import bitsets, facets, locality, ranking
from directory.search.engine import resolve_index
from directory.search.facets import FacetValue
from directory.search.query import ParsedQuery
from directory.search.ranking import SORTS
from directory.search.selection import facet_counts, resolve
from directory.search.snapshot import Snapshot
from directory.search.snippets import snippet

MAX_PER_PAGE = 100
MAX_PAGE = 10_000


@dataclass
class SearchResults:
    query: str  # the query text as searched
    keywords: str  # the query without any postcode or place in it
    filters: dict[str, list[str]]  # the selection, cleaned against the vocabulary
    sort: str
    page: int
    per_page: int
    total: int
    ids: list[int]  # this page's listing ids, in order
    hits: list[dict]  # this page's result cards (id, slug, title, ..., snippet)
    facets: dict[str, list[FacetValue]]  # every facet's values with counts, in vocabulary order
    region: dict | None = None  # region inferred from a postcode or place: code, label, matched, applied
    place_unknown: bool = False  # a `place` was given that we could not find
    suggestion: str | None = None  # "did you mean" text, when a word looks misspelt
    relax: dict | None = None  # for an empty result: the filter whose removal helps most
    distance: int | None = None  # the chosen distance in miles, when one was chosen and applies
    distance_unavailable: bool = False  # a distance was asked for a location without coordinates (NI)
    national: bool = True  # whether national provision is included with a location
    located: bool = False  # whether a point is known, so distances can be shown and sorted
    stats: dict = field(default_factory=dict)
    understood: list[dict] = field(default_factory=list)  # facet values phrases asked for (see selection.py)
    corrected_from: str | None = None  # the text as typed, when these are the corrected text's results

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def search(
    query: str | None = "",
    filters: dict | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    place: str | None = None,
    *,
    index=None,
    with_facets: bool = True,
    distance: int | str | None = None,
    national: bool = True,
    exact: bool = False,
) -> SearchResults:
    """One page of results for what someone typed and chose, with facet counts and help when nothing matches.

    `index` is a SEARCH_INDEX_DIR path or SearchIndex (default: the one the app set, engine.use_default_index);
    with_facets=False skips the facet counts (results.facets is then empty). `distance` (miles, one of
    locality.DISTANCES) limits venues to that distance of the postcode or place; `national=False` leaves out
    national provision from a location; exact=True never replaces the words with a spelling correction.
    """
    sort = sort if sort in SORTS else "relevance"
    per_page = min(max(1, int(per_page)), MAX_PER_PAGE)
    page = min(max(1, int(page)), MAX_PAGE)
    return resolve_index(index).with_snapshot(
        lambda snap: _search(snap, query, filters, sort, page, per_page, place, with_facets, distance, national, exact)
    )


def _cards(snap: Snapshot, docnums: list[int], parsed: ParsedQuery, miles: dict[int, float]) -> list[dict]:
    cards = []
    for docnum in docnums:
        card = dict(snap.searcher.stored_fields(docnum)["card"])
        card["snippet"] = snippet([card["summary"], card["excerpt"]], parsed.stems, parsed.concepts)
        card["miles"] = miles.get(docnum)
        cards.append(card)
    return cards


def _search(
    snap: Snapshot, query, filters, sort, page, per_page, place, with_facets, distance, national, exact
) -> SearchResults:
    resolved = resolve(snap, query, filters, place, exact, distance, national, sort)
    chosen = resolved.chosen
    parsed, total = chosen.parsed, chosen.final.bit_count()
    if sort == "distance" and chosen.point is None:
        sort = "relevance"
    start = (page - 1) * per_page
    docnums = ranking.page(snap, chosen, sort, start, per_page) if start < total else []
    if chosen.point is not None:  # venues on this page beyond the distances worked out: say how far anyway
        rest = bitsets.from_docnums([n for n in docnums if n not in chosen.miles], snap.size)
        chosen.miles.update(locality.distances(snap, rest, chosen.point))
    hits = _cards(snap, docnums, parsed, chosen.miles)
    return SearchResults(
        query=parsed.text,
        keywords=parsed.keywords,
        filters=chosen.filters,
        sort=sort,
        page=page,
        per_page=per_page,
        total=total,
        ids=[hit["id"] for hit in hits],
        hits=hits,
        facets=facet_counts(snap, chosen) if with_facets else {},
        region=chosen.region,
        place_unknown=parsed.place_unknown,
        suggestion=resolved.suggestion,
        corrected_from=resolved.corrected_from,
        understood=chosen.understood,
        relax=facets.relax(chosen.effective, chosen.matched, chosen.masks) if total == 0 else None,
        distance=chosen.distance,
        national=national,
        located=chosen.point is not None,
        distance_unavailable=bool(locality.clean_distance(distance) and parsed.location and not chosen.point),
    )


def search_ids(
    query: str | None = "",
    filters: dict | None = None,
    place: str | None = None,
    *,
    index=None,
    distance: int | str | None = None,
    national: bool = True,
    exact: bool = False,
    initiatives_only: bool = False,
) -> list[int]:
    """Every matching listing id (ascending), for the same query and filters as `search`: no ranking, no pages.
    initiatives_only keeps only the sector initiatives (with kind=initiative in the filters to include them)."""

    def ids(snap: Snapshot) -> list[int]:
        final = resolve(snap, query, filters, place, exact, distance, national).chosen.final
        if initiatives_only:
            final &= snap.masks.get("kind", {}).get("initiative", 0)
        return sorted(snap.listing_ids(bitsets.docnums(final)))

    return resolve_index(index).with_snapshot(ids)


def index_version(*, index=None) -> tuple:
    """The version of the index this process searches now: changes whenever a listing is added, changed or removed,
    so values derived from the published listings can be kept until it moves (directory/versioned.py)."""
    return resolve_index(index).snapshot().generation
