"""What a query and its filters select in one snapshot, before anything is ranked: the words parsed and matched,
the filters cleaned against the allowlist, a region found in the text or everyday phrases applied, and one bitset
per facet's selection.

Facets combine as AND across facets and OR within one. A region includes its nation's, Great Britain's and the UK's
listings (unless national=False); ended listings are left out unless the availability filter asks for them, and
sector initiatives unless kind=initiative does.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from directory import clock, taxonomy
from directory.search import bitsets, corrections, facets, locality
from directory.search.query import Clause, ParsedQuery, parse
from directory.search.snapshot import Snapshot

FACETS: facets.Facets = {
    **taxonomy.LISTING_FACETS,
    "partners": taxonomy.PARTNERS,
    "availability": taxonomy.AVAILABILITY,
    "kind": taxonomy.INCLUDE_INITIATIVES,
    "starts": taxonomy.STARTS_WITHIN,
}


def clean_filters(filters: dict | None) -> dict[str, list[str]]:
    """Only known facets and known codes, each once, in vocabulary order; everything else is dropped."""
    return facets.clean_selection(filters, FACETS)


@dataclass
class Selection:
    """What a query and its filters select in one snapshot, before ranking."""

    parsed: ParsedQuery
    filters: dict[str, list[str]]  # the person's cleaned selection
    effective: dict[str, list[str]]  # the selection plus any region found in the text
    region: dict | None
    matched: int  # documents matching the words
    clause_bits: list[tuple[int, int]]  # per clause: (in the head, anywhere)
    masks: dict[str, int]  # per facet, the documents its selection allows
    final: int
    codes: list[str] = field(default_factory=list)  # the regions that locality ranks by
    near: int = 0  # documents near the point or in the place (the first locality tier)
    miles: dict[int, float] = field(default_factory=dict)  # docnum -> miles, for matches with venues
    distance: int | None = None
    point: tuple[float, float] | None = None
    understood: list[dict] = field(default_factory=list)


def select(
    snap: Snapshot, query, filters, place, distance=None, national=True, sort="relevance", lenient: bool = False
) -> Selection:
    """The selection for this text and these filters (lenient: a place name that is also an everyday word counts)."""
    parsed = parse(query, place, lenient=lenient)
    filters = clean_filters(filters)
    effective, region = _region_filter(parsed, filters)
    effective, understood = _understood(parsed, effective)
    matched, clause_bits = _match(snap, parsed)
    masks = {name: _selection_mask(snap, name, codes, national) for name, codes in effective.items() if name != "kind"}
    masks.setdefault("availability", locality.availability_mask(snap, []))
    masks["kind"] = _kind_mask(snap, effective)
    chosen = Selection(
        parsed,
        filters,
        effective,
        region,
        matched,
        clause_bits,
        masks,
        bitsets.intersection([matched, *masks.values()]),
        codes=list(effective.get("region", [])),
        understood=understood,
    )
    locality.apply_location(snap, chosen, locality.clean_distance(distance), sort)
    return chosen


def resolve(
    snap: Snapshot, query, filters, place, exact: bool, distance=None, national=True, sort="relevance"
) -> corrections.Resolved:
    """The selection for what was typed, or for its spelling correction when what was typed finds nothing."""
    return corrections.resolve(
        snap,
        lambda text, lenient=False: select(snap, text, filters, place, distance, national, sort, lenient),
        query,
        exact,
    )


def facet_values(snap: Snapshot, name: str) -> dict[str, int]:
    """A facet's {code: documents with it}, "starts" worked out for today."""
    return _starts_within(snap) if name == "starts" else snap.masks.get(name, {})


def facet_counts(snap: Snapshot, chosen: Selection) -> dict[str, list[facets.FacetValue]]:
    """Every facet's values with their counts for this selection (each without its own facet's selection)."""
    return facets.counts(chosen.matched, chosen.masks, FACETS, lambda name: facet_values(snap, name), chosen.effective)


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


def _selection_mask(snap: Snapshot, name: str, codes: list[str], national: bool = True) -> int:
    if name == "region":
        return locality.coverage_mask(snap.masks.get(name, {}), codes, national)
    if name == "availability":
        return locality.availability_mask(snap, codes)
    return facets.union(facet_values(snap, name), codes)


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
    region = {
        "code": parsed.location.region,
        "label": taxonomy.REGIONS.label_for(parsed.location.region),
        "matched": parsed.location.matched,
        "applied": applied,
    }
    return ({**filters, "region": [parsed.location.region]} if applied else filters), region


def _understood(parsed: ParsedQuery, filters: dict) -> tuple[dict, list[dict]]:
    """Apply the facet values everyday phrases asked for ("free": cost free or funded), each facet only when the
    person chose no values of it themselves (their choice wins, as with a region)."""
    effective, understood = dict(filters), []
    for phrase in parsed.understood:
        applied = {name: list(codes) for name, codes in phrase.facets.items() if name not in filters}
        for name, codes in applied.items():
            effective[name] = [
                code for code in FACETS[name].codes() if code in codes or code in effective.get(name, ())
            ]
        understood.append(
            {
                "said": phrase.said,
                "shown_as": phrase.shown_as,
                "without": phrase.without,
                "facets": applied,
                "applied": bool(applied),
            }
        )
    return effective, understood


def _clause_bits(snap: Snapshot, clause: Clause) -> tuple[int, int]:
    """(documents with the clause in title or provider, documents with it anywhere)."""
    if clause.concept:  # documents carry the concept when their text says any of its variants
        return snap.term_bits("head_concepts", clause.concept), snap.term_bits("concepts", clause.concept)
    if clause.options:  # an everyday phrase: any one of the things it means
        head = anywhere = 0
        for option in clause.options:
            bits = [_clause_bits(snap, part) for part in option]
            head |= bitsets.intersection([h for h, _ in bits])
            anywhere |= bitsets.intersection([a for _, a in bits])
        return head, anywhere
    head = bitsets.intersection([snap.term_bits("head", t) for t in clause.stems])
    anywhere = bitsets.intersection([snap.term_bits("head", t) | snap.term_bits("text", t) for t in clause.stems])
    return head, anywhere


def _match(snap: Snapshot, parsed: ParsedQuery) -> tuple[int, list[tuple[int, int]]]:
    if not parsed.clauses:
        return snap.live, []
    bits = [_clause_bits(snap, clause) for clause in parsed.clauses]
    return bitsets.intersection([anywhere for _, anywhere in bits]) & snap.live, bits
