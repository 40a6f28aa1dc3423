"""A small search over plain documents held in memory: keywords, facets and ranking by where each document runs.
It is the engine behind /providers, whose documents are organisations (tens of thousands at most).

A Catalogue is built once per version of the data, with a bitset per facet value, per word (stem) and per area
served, as listing search has per index version, so a request only ANDs and counts bits. Cleaning the selection
and counting the facets are facets.py's, shared with listing search: AND across facets, OR within one, each facet
counted with its own selection removed. Words are stemmed by the same analyser.

A postcode or place in the query (or in `place`) ranks documents by where they run: a point near it first
(nearest first), then those serving its region, then its nation, then Great Britain and the UK; documents serving
nothing open to people there are left out.

Each document is a dict with
    facets   {facet name: [codes]} for the catalogue's facets
    text     the words it is found by
    served   the area codes (directory/geography.py) it is open to people in
    points   (latitude, longitude) of its venues
and any other keys, which are handed back untouched for the page to show.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from directory import geography
from directory.search import bitsets, facets, locality
from directory.search.analysis import analyse
from directory.search.facets import FacetValue
from directory.search.places import Location, geocode, locate
from directory.search.query import WORD, clean, stems

NEAR_MILES = 25  # a point this close to the place puts the document in the first tier
MAX_WORDS = 12  # words of a query that are matched; the rest are ignored, as in listing search


@dataclass
class CatalogueResults:
    query: str
    filters: dict[str, list[str]]  # the selection, cleaned against the facets' vocabularies
    total: int
    page: int
    per_page: int
    documents: list[dict]  # this page's documents, as given to the catalogue
    facets: dict[str, list[FacetValue]]  # every facet's values with counts, in vocabulary order
    location: Location | None = None
    place_unknown: bool = False

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


class Catalogue:
    """The documents with bitsets, built once per version of the data (bit n: document n, in the order given, which
    is the order of unranked results): per facet value the documents carrying it, per word (stem) the documents
    whose text says it, and per area code the documents serving it."""

    def __init__(self, documents: list[dict], facet_vocabularies: facets.Facets):
        self.documents = documents
        self.facets = facet_vocabularies
        self.everyone = bitsets.all_of(len(documents))
        self.masks: dict[str, dict[str, int]] = {name: {} for name in facet_vocabularies}
        self.words: dict[str, int] = {}
        self.served: dict[str, int] = {}
        self.located = 0  # documents with at least one point
        for number, document in enumerate(documents):
            bit = 1 << number
            if document.get("points"):
                self.located |= bit
            for name, codes in document["facets"].items():
                values = self.masks[name]
                for code in set(codes):
                    values[code] = values.get(code, 0) | bit
            for word in set(analyse(document["text"])):
                self.words[word] = self.words.get(word, 0) | bit
            for code in set(document.get("served", ())):
                self.served[code] = self.served.get(code, 0) | bit
        self._ranked: dict[tuple, tuple[list[int], int]] = {}

    def matching(self, wanted: list[tuple[str, ...]]) -> int:
        """Documents whose words include every stem of every wanted word."""
        mask = self.everyone
        for terms in wanted:
            for term in terms:
                mask &= self.words.get(term, 0)
        return mask

    def open_at(self, location: Location) -> int:
        """The documents in `ranked(location)`, as a bitset."""
        return self.ranked_with_mask(location)[1]

    def ranked(self, location: Location) -> list[int]:
        return self.ranked_with_mask(location)[0]

    def ranked_with_mask(self, location: Location) -> tuple[list[int], int]:
        """Document numbers of the documents running something open to people at `location`, nearest tier first
        (a point within NEAR_MILES, then the region's, the nation's, Great Britain's and the UK's), nearest first
        within a tier. Kept per location: people search the same places again and again."""
        key = (location.region, location.point)
        if key not in self._ranked:
            if len(self._ranked) > 256:
                self._ranked.clear()
            ranked = self._rank(location)
            self._ranked[key] = ranked, bitsets.from_docnums(ranked, len(self.documents))
        return self._ranked[key]

    def _rank(self, location: Location) -> list[int]:
        tiers = [0] + [self._serving(codes) for codes in geography.locality_tiers([location.region])]
        ranked = []
        candidates = self._serving(_all_codes(location)) | (self.located if location.point else 0)
        for number in bitsets.docnums(candidates):
            tier, miles = _locality(self.documents[number], location, tiers, number)
            if tier is not None:
                ranked.append((tier, miles, number))
        ranked.sort()
        return [number for _, _, number in ranked]

    def _serving(self, codes) -> int:
        return facets.union(self.served, codes)


def _all_codes(location: Location) -> list[str]:
    return [code for codes in geography.locality_tiers([location.region]) for code in codes]


def _locality(document: dict, location: Location, tiers: list[int], number: int) -> tuple[int | None, float]:
    """(tier, miles) of a document for a location; tier None when it runs nothing open to people there."""
    miles = (
        min((geography.miles_between(location.point, point) for point in document.get("points", [])), default=None)
        if location.point
        else None
    )
    if miles is not None and miles <= NEAR_MILES:
        return 0, miles
    bit = 1 << number
    for tier, mask in enumerate(tiers[1:], start=1):
        if mask & bit:
            return tier, miles if miles is not None else float("inf")
    return None, 0.0


def _page(catalogue: Catalogue, final: int, location: Location | None, start: int, count: int) -> list[dict]:
    if location is None:
        numbers = bitsets.docnums(final)[start : start + count]
    else:
        members = bitsets.Membership(final)
        numbers = [n for n in catalogue.ranked(location) if n in members][start : start + count]
    return [catalogue.documents[n] for n in numbers]


def _selection_masks(catalogue: Catalogue, filters: dict[str, list[str]]) -> dict[str, int]:
    """Per facet, the documents its selection allows. A region takes in its nation's, Great Britain's and the UK's
    organisations, as listing search does (`locality.coverage_mask`, with national provision included)."""
    masks = {}
    for name, codes in filters.items():
        if name == "region":
            masks[name] = locality.coverage_mask(catalogue.masks[name], codes, national=True)
        else:
            masks[name] = facets.union(catalogue.masks[name], codes)
    return masks


def search_catalogue(
    catalogue: Catalogue,
    query: str | None = "",
    filters: dict | None = None,
    page: int = 1,
    per_page: int = 20,
    place: str | None = None,
) -> CatalogueResults:
    """One page of the documents matching the words, place and filters, with every facet's counts."""
    query, place = clean(query), clean(place)
    filters = facets.clean_selection(filters, catalogue.facets)
    location = geocode(place) if place else locate(query)
    keywords = location.remainder if location and not place else query
    matched = catalogue.matching(
        [terms for terms in (stems(word) for word in WORD.findall(keywords)[:MAX_WORDS]) if terms]
    )
    if location is not None:  # only documents that run something open to people there
        matched &= catalogue.open_at(location)
    masks = _selection_masks(catalogue, filters)
    counts = facets.counts(matched, masks, catalogue.facets, catalogue.masks.__getitem__, filters)
    final = bitsets.intersection([matched, *masks.values()])
    per_page = min(max(1, per_page), 100)
    page = max(1, page)  # a page past the last is empty, and says so, as on /search and in the API
    shown = _page(catalogue, final, location, (page - 1) * per_page, per_page)
    return CatalogueResults(
        query=query,
        filters=filters,
        total=final.bit_count(),
        page=page,
        per_page=per_page,
        documents=shown,
        facets=counts,
        location=location,
        place_unknown=bool(place) and location is None,
    )
