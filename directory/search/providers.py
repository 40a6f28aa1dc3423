"""Organisations for employers looking for providers: keyword search over name and description, with facets.

Organisations (tens of thousands at most) are plain documents (directory/listings/documents.py
`organisation_documents`) made into a ProviderCatalogue once per version of the index: per facet value and per word
a bitset, as listing search has, so a request only ANDs and counts bits. Same stemming as listing search and the
same facet rule: AND across facets, OR within one, each facet counted with its own selection removed.

A postcode or place in `q` (or in `place`) ranks organisations by where they run provision: a venue near it first
(nearest first), then provision in its region, then its nation's, then Great Britain's and the UK's; organisations
that run nothing open to people there are left out.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from directory import geography, taxonomy
from directory.search import bitsets
from directory.search.places import Location, geocode, locate
from directory.search.query import WORD, clean, stems
from directory.search.schema import analyse
from directory.search.service import FacetValue

PROVIDER_FACETS: dict[str, taxonomy.Vocabulary | None] = {
    "organisation_type": taxonomy.ORGANISATION_TYPES,
    "region": taxonomy.REGIONS,
    "type": taxonomy.PROVISION_TYPES,
    "partners": None,
}
PARTNERS_LABEL = "Seeking employer partners"
NEAR_MILES = 25          # a venue this close to the place puts the organisation in the first tier


@dataclass
class ProviderResults:
    query: str
    filters: dict[str, list[str]]
    total: int
    page: int
    per_page: int
    organisations: list[dict]
    facets: dict[str, list[FacetValue]]
    location: Location | None = None
    place_unknown: bool = False

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def _values(document: dict, name: str) -> set[str]:
    if name == "organisation_type":
        return {document["org_type"]}
    if name == "region":
        return set(document["regions"])
    if name == "type":
        return set(document["types"])
    return {"1"} if document["partners"] else set()


def _words(document: dict) -> set[str]:
    offered = " ".join(taxonomy.PROVISION_TYPES.label_for(code) for code in document["types"])
    return set(analyse(document["name"] + " " + document["description"] + " " + offered))


class ProviderCatalogue:
    """The organisations as documents with bitsets, built once per version of the data (bit n: document n, in the
    order given, which is the list's order): per facet value the organisations carrying it, per word (stem) the
    organisations whose name, description or provision types say it, and each organisation's places served."""

    def __init__(self, documents: list[dict]):
        self.documents = documents
        self.everyone = bitsets.all_of(len(documents))
        self.masks: dict[str, dict[str, int]] = {name: {} for name in PROVIDER_FACETS}
        self.words: dict[str, int] = {}
        self.served: dict[str, int] = {}
        self.located = 0            # organisations with a venue (or an address) that has coordinates
        for number, document in enumerate(documents):
            bit = 1 << number
            if document.get("points"):
                self.located |= bit
            for name in PROVIDER_FACETS:
                for code in _values(document, name):
                    self.masks[name][code] = self.masks[name].get(code, 0) | bit
            for word in _words(document):
                self.words[word] = self.words.get(word, 0) | bit
            for code in set(document.get("coverage", [])) | set(document["regions"]):
                self.served[code] = self.served.get(code, 0) | bit
        self._ranked: dict[tuple, tuple[list[int], int]] = {}

    def matching(self, wanted: list[tuple[str, ...]]) -> int:
        """Organisations whose words include every stem of every wanted word."""
        mask = self.everyone
        for terms in wanted:
            for term in terms:
                mask &= self.words.get(term, 0)
        return mask

    def selection(self, name: str, codes: set[str]) -> int:
        mask = 0
        for code in codes:
            mask |= self.masks[name].get(code, 0)
        return mask

    def open_at(self, location: Location) -> int:
        """The organisations in `ranked(location)`, as a bitset."""
        return self.ranked_with_mask(location)[1]

    def ranked(self, location: Location) -> list[int]:
        return self.ranked_with_mask(location)[0]

    def ranked_with_mask(self, location: Location) -> tuple[list[int], int]:
        """Document numbers of the organisations running something open to people at `location`, nearest tier
        first (a venue within NEAR_MILES, then the region's, the nation's, Great Britain's and the UK's), nearest
        first within a tier. Kept per location: people search the same places again and again."""
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
        mask = 0
        for code in codes:
            mask |= self.served.get(code, 0)
        return mask


def _all_codes(location: Location) -> list[str]:
    return [code for codes in geography.locality_tiers([location.region]) for code in codes]


def clean_provider_filters(filters: dict | None) -> dict[str, list[str]]:
    cleaned = {}
    for name, vocabulary in PROVIDER_FACETS.items():
        values = (filters or {}).get(name) or []
        wanted = {value for value in ([values] if isinstance(values, str) else values) if isinstance(value, str)}
        chosen = [code for code in (["1"] if vocabulary is None else vocabulary.codes()) if code in wanted]
        if chosen:
            cleaned[name] = chosen
    return cleaned


def _locality(document: dict, location: Location, tiers: list[int], number: int) -> tuple[int | None, float]:
    """(tier, miles) of an organisation for a location; tier None when it runs nothing open to people there."""
    miles = min((geography.miles_between(location.point, point) for point in document.get("points", [])),
                default=None) if location.point else None
    if miles is not None and miles <= NEAR_MILES:
        return 0, miles
    bit = 1 << number
    for tier, mask in enumerate(tiers[1:], start=1):
        if mask & bit:
            return tier, miles if miles is not None else float("inf")
    return None, 0.0


def _page(catalogue: ProviderCatalogue, final: int, location: Location | None, start: int, count: int) -> list[dict]:
    if location is None:
        numbers = bitsets.docnums(final)[start:start + count]
    else:
        members = bitsets.Membership(final)
        numbers = [n for n in catalogue.ranked(location) if n in members][start:start + count]
    return [catalogue.documents[n] for n in numbers]


def search_providers(catalogue: ProviderCatalogue, query: str | None = "", filters: dict | None = None,
                     page: int = 1, per_page: int = 20, place: str | None = None) -> ProviderResults:
    query, place, filters = clean(query), clean(place), filters or {}
    location = geocode(place) if place else locate(query)
    keywords = location.remainder if location and not place else query
    matched = catalogue.matching([terms for terms in (stems(word) for word in WORD.findall(keywords)[:12]) if terms])
    if location is not None:  # only organisations that run something open to people there
        matched &= catalogue.open_at(location)

    effective = {name: set(codes) for name, codes in filters.items()}
    if "region" in effective and effective["region"] != {taxonomy.UK_WIDE}:
        effective["region"].add(taxonomy.UK_WIDE)  # organisations serving the whole UK serve every region
    masks = {name: catalogue.selection(name, codes) for name, codes in effective.items()}

    facets = {}
    for name, vocabulary in PROVIDER_FACETS.items():
        base = matched
        for other, mask in masks.items():
            if other != name:
                base &= mask
        terms = [(t.code, t.label) for t in vocabulary] if vocabulary else [("1", PARTNERS_LABEL)]
        selected = set(filters.get(name, ()))
        values = catalogue.masks[name]
        facets[name] = [FacetValue(code, label, (base & values.get(code, 0)).bit_count(), code in selected)
                        for code, label in terms]
    final = matched
    for mask in masks.values():
        final &= mask
    per_page = min(max(1, per_page), 100)
    page = max(1, page)  # a page past the last is empty, and says so, as on /search and in the API
    shown = _page(catalogue, final, location, (page - 1) * per_page, per_page)
    return ProviderResults(query=query, filters=filters, total=final.bit_count(), page=page, per_page=per_page,
                           organisations=shown, facets=facets, location=location,
                           place_unknown=bool(place) and location is None)
