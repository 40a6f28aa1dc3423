"""The search interface the rest of the app uses: plain values in, plain data out.

    search(query, filters, sort, page, per_page, place, distance=None, national=True) -> SearchResults
    search_ids(query, filters, place) -> [listing id, ...]   (every match, for the API and exports)

Facets combine as AND across facets and OR within one; each facet's counts are computed as though its own selection
were removed. A region's count is the listings specific to it; national ones count under their own codes
("england", "great-britain", "uk-wide"). A search in a region or place includes its nation's, Great Britain's and
the UK's listings too (unless national=False), and ranks them by locality (see locality.py). Ended listings are
left out unless the availability filter asks for them.
"""
from __future__ import annotations

import calendar
import itertools
import math
from dataclasses import dataclass, field
from datetime import date

from directory import clock, taxonomy
from directory.search import bitsets, corrections, locality
from directory.search.engine import SearchIndex, index_at
from directory.search.snapshot import WARMERS, Snapshot
from directory.search.query import Clause, ParsedQuery, parse
from directory.search.schema import HEAD_WEIGHT
from directory.search.snippets import snippet

SORTS = ("relevance", "newest", "title", "start", "distance")
BROWSE_ORDER = "newest"             # what "relevance" means when there are no keywords
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
RANKED_CLAUSES = 4          # clauses whose title-or-text placement decides the order (2**4 tiers at most)
# Sector initiatives (strategies, boards, funds...) are left out of results unless asked for with kind=initiative.
INCLUDE_INITIATIVES = taxonomy.Vocabulary("kind", "Sector initiatives", "Whether results include sector initiatives.", [
    taxonomy.Term("initiative", "Include sector initiatives",
                  "Strategies, boards, networks, funds, corridors and facilities that people do not join."),
])
FACETS: dict[str, taxonomy.Vocabulary] = {**taxonomy.LISTING_FACETS, "partners": taxonomy.PARTNERS,
                                          "availability": taxonomy.AVAILABILITY, "kind": INCLUDE_INITIATIVES,
                                          "starts": taxonomy.STARTS_WITHIN}


@dataclass
class FacetValue:
    code: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResults:
    query: str                                # the query text as searched
    keywords: str                             # the query without any postcode or place in it
    filters: dict[str, list[str]]             # the selection, cleaned against the vocabulary
    sort: str
    page: int
    per_page: int
    total: int
    ids: list[int]                            # this page's listing ids, in order
    hits: list[dict]                          # this page's result cards (id, slug, title, ..., snippet)
    facets: dict[str, list[FacetValue]]       # every facet's values with counts, in vocabulary order
    region: dict | None = None                # region inferred from a postcode or place: code, label, matched, applied
    place_unknown: bool = False               # a `place` was given that we could not find
    suggestion: str | None = None             # "did you mean" text, when a word looks misspelt
    relax: dict | None = None                 # for an empty result: the filter whose removal helps most
    distance: int | None = None               # the chosen distance in miles, when one was chosen and applies
    distance_unavailable: bool = False        # a distance was asked for a location without coordinates (NI)
    national: bool = True                     # whether national provision is included with a location
    located: bool = False                     # whether a point is known, so distances can be shown and sorted
    stats: dict = field(default_factory=dict)
    understood: list[dict] = field(default_factory=list)  # facet values phrases asked for (see _understood)
    corrected_from: str | None = None         # the text as typed, when these are the corrected text's results

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def clean_filters(filters: dict | None) -> dict[str, list[str]]:
    """Only known facets and known codes, each once, in vocabulary order; everything else is dropped."""
    cleaned = {}
    for name, vocabulary in FACETS.items():
        values = (filters or {}).get(name) or []
        if isinstance(values, str):
            values = [values]
        wanted = {value for value in values if isinstance(value, str)}
        chosen = [code for code in vocabulary.codes() if code in wanted]
        if chosen:
            cleaned[name] = chosen
    return cleaned


def _index(index) -> SearchIndex:
    if isinstance(index, SearchIndex):
        return index
    if index is None:
        from flask import current_app

        index = current_app.config["SEARCH_INDEX_DIR"]
    return index_at(index)


def _starts_within(snap: Snapshot) -> dict[str, int]:
    """For each "starts within N months" code, the documents with a start date from today to N months on, or a
    rolling start. Worked out from the per-date bitsets when asked, since "today" moves and the index does not."""
    today = clock.now().date()
    dated = snap.masks.get("starts", {})
    result = {}
    for code in taxonomy.STARTS_WITHIN.codes():
        until = _months_on(today, int(code)).isoformat()
        mask = dated.get("rolling", 0)
        for day, bits in dated.items():
            if today.isoformat() <= day <= until and day != "rolling":
                mask |= bits
        result[code] = mask
    return result


def _months_on(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter: 31 January + 1 = 28 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _facet_values(snap: Snapshot, name: str) -> dict[str, int]:
    return _starts_within(snap) if name == "starts" else snap.masks.get(name, {})


def _selection_mask(snap: Snapshot, name: str, codes: list[str], national: bool = True) -> int:
    if name == "region":
        return locality.coverage_mask(snap.masks.get(name, {}), codes, national)
    if name == "availability":
        return locality.availability_mask(snap, codes)
    values = _facet_values(snap, name)
    mask = 0
    for code in codes:
        mask |= values.get(code, 0)
    return mask


def _kind_mask(snap: Snapshot, effective: dict) -> int:
    """Everything when initiatives were asked for; otherwise everything but the initiatives."""
    if effective.get("kind"):
        return snap.live
    return snap.live & ~snap.masks.get("kind", {}).get("initiative", 0)


def _region_filter(parsed: ParsedQuery, filters: dict) -> tuple[dict, dict | None]:
    """Apply a region found in the query or place, unless the person chose regions themselves."""
    if parsed.location is None:
        return filters, None
    applied = "region" not in filters
    region = {"code": parsed.location.region, "label": taxonomy.REGIONS.label_for(parsed.location.region),
              "matched": parsed.location.matched, "applied": applied}
    return ({**filters, "region": [parsed.location.region]} if applied else filters), region


def _understood(parsed: ParsedQuery, filters: dict) -> tuple[dict, list[dict]]:
    """Apply the facet values everyday phrases asked for ("free": cost free or funded), each facet only when the
    person chose no values of it themselves (their choice wins, as with a region)."""
    effective, understood = dict(filters), []
    for phrase in parsed.understood:
        applied = {name: list(codes) for name, codes in phrase.facets.items() if name not in filters}
        for name, codes in applied.items():
            effective[name] = [code for code in FACETS[name].codes()
                               if code in codes or code in effective.get(name, ())]
        understood.append({"said": phrase.said, "shown_as": phrase.shown_as, "without": phrase.without,
                           "facets": applied, "applied": bool(applied)})
    return effective, understood


def _and(parts) -> int:
    result = parts[0]
    for part in parts[1:]:
        result &= part
    return result


def _clause_bits(snap: Snapshot, clause: Clause) -> tuple[int, int]:
    """(documents with the clause in title or provider, documents with it anywhere)."""
    if clause.concept:  # documents carry the concept when their text says any of its variants
        return snap.term_bits("head_concepts", clause.concept), snap.term_bits("concepts", clause.concept)
    if clause.options:  # an everyday phrase: any one of the things it means
        head = anywhere = 0
        for option in clause.options:
            bits = [_clause_bits(snap, part) for part in option]
            head |= _and([h for h, _ in bits])
            anywhere |= _and([a for _, a in bits])
        return head, anywhere
    head = _and([snap.term_bits("head", t) for t in clause.stems])
    anywhere = _and([snap.term_bits("head", t) | snap.term_bits("text", t) for t in clause.stems])
    return head, anywhere


def _match(snap: Snapshot, parsed: ParsedQuery) -> tuple[int, list[tuple[int, int]]]:
    if not parsed.clauses:
        return snap.live, []
    bits = [_clause_bits(snap, clause) for clause in parsed.clauses]
    return _and([anywhere for _, anywhere in bits]) & snap.live, bits


def _facet_counts(snap: Snapshot, matched: int, masks: dict[str, int], filters: dict) -> dict[str, list[FacetValue]]:
    facets = {}
    for name, vocabulary in FACETS.items():
        base = matched
        for other, mask in masks.items():
            if other != name:
                base &= mask
        values = _facet_values(snap, name)
        selected = set(filters.get(name, ()))
        facets[name] = [
            FacetValue(term.code, term.label, (base & values.get(term.code, 0)).bit_count(), term.code in selected)
            for term in vocabulary
        ]
    return facets


def _tiers(snap: Snapshot, clause_bits: list[tuple[int, int]], final: int) -> list[int]:
    """The matched set split into tiers by score, best first.

    Each clause scores its rarity (log inverse document frequency), times HEAD_WEIGHT when it is in the title or
    provider's name. So listings whose title says what was asked come first, rarer words count for more, and
    ties are broken by the sort order (newest first).
    """
    size = max(1, snap.live.bit_count())
    weighted = sorted(((math.log(1 + size / max(1, anywhere.bit_count())), head) for head, anywhere in clause_bits),
                      key=lambda pair: -pair[0])[:RANKED_CLAUSES]
    tiers = []
    for pattern in itertools.product((True, False), repeat=len(weighted)):
        mask, score = final, 0.0
        for in_head, (idf, head) in zip(pattern, weighted):
            mask &= head if in_head else ~head
            score += idf * (HEAD_WEIGHT if in_head else 1.0)
        if mask:
            tiers.append((score, mask))
    tiers.sort(key=lambda pair: -pair[0])
    return [mask for _, mask in tiers]


def _in_order(snap: Snapshot, mask: int, count: int, sort: str, limit: int) -> list[int]:
    """The first `limit` members of `mask` in the sort order.

    A small set is ranked directly by its sort keys (cost about its size); a large one is found by walking the
    segments' merged orders until enough members turn up (cost about size_of_index / count * limit). Neither
    needs a global order built per index version, which would add to publish-to-searchable time.
    """
    if count * count <= snap.size * limit * 4:
        return snap.sorted_docnums(bitsets.docnums(mask), sort, limit)
    members = bitsets.Membership(mask)
    found = []
    for docnum in snap.order(sort):
        if docnum in members:
            found.append(docnum)
            if len(found) >= limit:
                break
    return found


def _rank(snap: Snapshot, groups: list[tuple[int, str]], start: int, count: int,
          miles: dict[int, float]) -> list[int]:
    """Docnums for results start..start+count from groups taken in turn, each in its own order (a sort key, or
    "distance": nearest venue first)."""
    page: list[int] = []
    skip = start
    for mask, order in groups:
        size = mask.bit_count()
        if skip >= size:
            skip -= size
            continue
        wanted = skip + count - len(page)
        if order == "distance":
            ranked = sorted(bitsets.docnums(mask), key=lambda n: (miles.get(n, math.inf), n))[:wanted]
        else:
            ranked = _in_order(snap, mask, size, order, wanted)
        page.extend(ranked[skip:])
        skip = 0
        if len(page) >= count:
            break
    return page[:count]


def _groups(snap: Snapshot, chosen: _Selection, sort: str) -> list[tuple[int, str]]:
    """The ranked set as (mask, order) groups: locality tiers first when a location is known (whatever the sort),
    running before planned within each, then relevance tiers, then the sort order."""
    order = BROWSE_ORDER if sort in ("relevance", "distance") else sort
    relevance = (_tiers(snap, chosen.clause_bits, chosen.final) if chosen.clause_bits and sort == "relevance"
                 else [chosen.final])
    if not chosen.codes:
        return [(mask, order) for mask in relevance]
    groups, rest = [], chosen.final
    if sort == "distance" and chosen.miles:  # every match with a venue, nearest first, then the rest by locality
        nearest = chosen.final & bitsets.from_docnums(chosen.miles, snap.size)
        groups.append((nearest, "distance"))
        rest &= ~nearest
    for tier in locality.tiers(snap, chosen.codes, chosen.near, rest):
        for part in locality.by_availability(snap, tier):
            groups += [(part & rel, order) for rel in relevance if part & rel]
    return groups


WARMERS.extend(locality.WARMERS)


def _relax(filters: dict, matched: int, masks: dict[str, int]) -> dict | None:
    """For an empty result: the selected filter whose removal gives the most results."""
    best = None
    for name in filters:
        total = _and([matched] + [mask for other, mask in masks.items() if other != name]).bit_count()
        if total and (best is None or total > best["total"]):
            best = {"facet": name, "codes": filters[name], "total": total}
    return best


@dataclass
class _Selection:
    """What a query and its filters select in one snapshot, before ranking."""

    parsed: ParsedQuery
    filters: dict[str, list[str]]      # the person's cleaned selection
    effective: dict[str, list[str]]    # the selection plus any region found in the text
    region: dict | None
    matched: int                       # documents matching the words
    clause_bits: list[tuple[int, int]]   # per clause: (in the head, anywhere)
    masks: dict[str, int]              # per facet, the documents its selection allows
    final: int
    codes: list[str] = field(default_factory=list)       # the regions that locality ranks by
    near: int = 0                      # documents near the point or in the place (the first locality tier)
    miles: dict[int, float] = field(default_factory=dict)  # docnum -> miles, for matches with venues
    distance: int | None = None
    point: tuple[float, float] | None = None
    understood: list[dict] = field(default_factory=list)


def _select(snap: Snapshot, query, filters, place, distance=None, national=True, sort="relevance",
            lenient: bool = False) -> _Selection:
    parsed = parse(query, place, lenient=lenient)
    filters = clean_filters(filters)
    effective, region = _region_filter(parsed, filters)
    effective, understood = _understood(parsed, effective)
    matched, clause_bits = _match(snap, parsed)
    masks = {name: _selection_mask(snap, name, codes, national) for name, codes in effective.items() if name != "kind"}
    masks.setdefault("availability", locality.availability_mask(snap, []))
    masks["kind"] = _kind_mask(snap, effective)
    chosen = _Selection(parsed, filters, effective, region, matched, clause_bits, masks,
                        _and([matched, *masks.values()]), codes=list(effective.get("region", [])),
                        understood=understood)
    locality.apply_location(snap, chosen, locality.clean_distance(distance), sort)
    return chosen


def _resolve(snap: Snapshot, query, filters, place, exact: bool, distance=None, national=True,
             sort="relevance") -> corrections.Resolved:
    """The selection for what was typed, or for its spelling correction when what was typed finds nothing."""
    return corrections.resolve(
        snap, lambda text, lenient=False: _select(snap, text, filters, place, distance, national, sort, lenient),
        query, exact)


def _with_retry(search_index: SearchIndex, run):
    try:
        return run(search_index.snapshot())
    except OSError:  # another process merged away segment files this snapshot still used: reopen once
        search_index.invalidate()
        return run(search_index.snapshot())


def search(query: str | None = "", filters: dict | None = None, sort: str = "relevance", page: int = 1,
           per_page: int = 20, place: str | None = None, *, index=None, with_facets: bool = True,
           distance: int | str | None = None, national: bool = True, exact: bool = False) -> SearchResults:
    """One page of results for what someone typed and chose, with facet counts and help when nothing matches.

    `index` is a SEARCH_INDEX_DIR path or SearchIndex (default: the app's config); with_facets=False skips the
    facet counts (results.facets is then empty). `distance` (miles, one of locality.DISTANCES) limits venues to
    that distance of the postcode or place; `national=False` leaves out national provision from a location;
    exact=True never replaces the words with a spelling correction.
    """
    sort = sort if sort in SORTS else "relevance"
    per_page = min(max(1, int(per_page)), MAX_PER_PAGE)
    page = min(max(1, int(page)), MAX_PAGE)
    return _with_retry(_index(index), lambda snap: _search(snap, query, filters, sort, page, per_page, place,
                                                           with_facets, distance, national, exact))


def _cards(snap: Snapshot, docnums: list[int], parsed: ParsedQuery, miles: dict[int, float]) -> list[dict]:
    cards = []
    for docnum in docnums:
        card = dict(snap.searcher.stored_fields(docnum)["card"])
        card["snippet"] = snippet([card["summary"], card["excerpt"]], parsed.stems, parsed.concepts)
        card["miles"] = miles.get(docnum)
        cards.append(card)
    return cards


def _search(snap: Snapshot, query, filters, sort, page, per_page, place, with_facets, distance,
            national, exact) -> SearchResults:
    resolved = _resolve(snap, query, filters, place, exact, distance, national, sort)
    chosen = resolved.chosen
    parsed, total = chosen.parsed, chosen.final.bit_count()
    if sort == "distance" and chosen.point is None:
        sort = "relevance"
    start = (page - 1) * per_page
    docnums = _rank(snap, _groups(snap, chosen, sort), start, per_page, chosen.miles) if start < total else []
    if chosen.point is not None:  # venues on this page beyond the distances worked out: say how far anyway
        rest = bitsets.from_docnums([n for n in docnums if n not in chosen.miles], snap.size)
        chosen.miles.update(locality.distances(snap, rest, chosen.point))
    hits = _cards(snap, docnums, parsed, chosen.miles)
    return SearchResults(
        query=parsed.text, keywords=parsed.keywords, filters=chosen.filters, sort=sort, page=page,
        per_page=per_page, total=total, ids=[hit["id"] for hit in hits], hits=hits,
        facets=_facet_counts(snap, chosen.matched, chosen.masks, chosen.effective) if with_facets else {},
        region=chosen.region, place_unknown=parsed.place_unknown,
        suggestion=resolved.suggestion, corrected_from=resolved.corrected_from, understood=chosen.understood,
        relax=_relax(chosen.effective, chosen.matched, chosen.masks) if total == 0 else None,
        distance=chosen.distance, national=national, located=chosen.point is not None,
        distance_unavailable=bool(locality.clean_distance(distance) and parsed.location and not chosen.point))


def search_ids(query: str | None = "", filters: dict | None = None, place: str | None = None, *,
               index=None, distance: int | str | None = None, national: bool = True,
               exact: bool = False, initiatives_only: bool = False) -> list[int]:
    """Every matching listing id (ascending), for the same query and filters as `search`: no ranking, no pages.
    initiatives_only keeps only the sector initiatives (with kind=initiative in the filters to include them)."""
    def ids(snap: Snapshot) -> list[int]:
        final = _resolve(snap, query, filters, place, exact, distance, national).chosen.final
        if initiatives_only:
            final &= snap.masks.get("kind", {}).get("initiative", 0)
        return sorted(snap.listing_ids(bitsets.docnums(final)))

    return _with_retry(_index(index), ids)


def index_version(*, index=None) -> tuple:
    """The version of the index this process searches now: changes whenever a listing is added, changed or removed,
    so values derived from the published listings can be kept until it moves (directory/versioned.py)."""
    return _index(index).snapshot().generation
