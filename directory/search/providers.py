"""Organisations for employers looking for providers: keyword search over name and description, with facets.

Organisations number in the hundreds or low thousands, so they are matched in memory from plain documents (see
directory/listings/documents.py `organisation_documents`), with the same stemming as listing search and the same
facet rule: AND across facets, OR within one, each facet counted with its own selection removed.

A postcode or place in `q` (or in `place`) ranks organisations by where they run provision: a venue near it first
(nearest first), then provision in its region, then its nation's, then Great Britain's and the UK's; organisations
that run nothing open to people there are left out.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from directory import geography, taxonomy
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


def clean_provider_filters(filters: dict | None) -> dict[str, list[str]]:
    cleaned = {}
    for name, vocabulary in PROVIDER_FACETS.items():
        values = (filters or {}).get(name) or []
        wanted = {value for value in ([values] if isinstance(values, str) else values) if isinstance(value, str)}
        chosen = [code for code in (["1"] if vocabulary is None else vocabulary.codes()) if code in wanted]
        if chosen:
            cleaned[name] = chosen
    return cleaned


def _matches_text(document: dict, wanted: list[tuple[str, ...]]) -> bool:
    if not wanted:
        return True
    words = document.get("_stems")
    if words is None:
        offered = " ".join(taxonomy.PROVISION_TYPES.label_for(code) for code in document["types"])
        words = document["_stems"] = set(analyse(document["name"] + " " + document["description"] + " " + offered))
    return all(all(term in words for term in terms) for terms in wanted)


def _locality(document: dict, location: Location) -> tuple[int, float] | None:
    """(tier, miles) of an organisation for a location, or None when it runs nothing open to people there."""
    miles = min((geography.miles_between(location.point, point) for point in document.get("points", [])),
                default=None) if location.point else None
    if miles is not None and miles <= NEAR_MILES:
        return 0, miles
    served = set(document.get("coverage", [])) | set(document["regions"])
    for tier, codes in enumerate(geography.locality_tiers([location.region]), start=1):
        if served & set(codes):
            return tier, miles if miles is not None else float("inf")
    return None


def _by_locality(documents: list[dict], location: Location | None) -> list[dict]:
    if location is None:
        return documents
    ranked = [(rank, n, d) for n, d in enumerate(documents) if (rank := _locality(d, location)) is not None]
    return [d for _, _, d in sorted(ranked, key=lambda item: (item[0], item[1]))]


def search_providers(documents: list[dict], query: str | None = "", filters: dict | None = None, page: int = 1,
                     per_page: int = 20, place: str | None = None) -> ProviderResults:
    query, place = clean(query), clean(place)
    location = geocode(place) if place else locate(query)
    keywords = location.remainder if location and not place else query
    wanted = [terms for terms in (stems(word) for word in WORD.findall(keywords)[:12]) if terms]
    matched = _by_locality([d for d in documents if _matches_text(d, wanted)], location)
    values = [{name: _values(d, name) for name in PROVIDER_FACETS} for d in matched]

    effective = {name: set(codes) for name, codes in filters.items()}
    if "region" in effective and effective["region"] != {taxonomy.UK_WIDE}:
        effective["region"].add(taxonomy.UK_WIDE)  # organisations serving the whole UK serve every region

    def passes(doc_values: dict, skip: str | None = None) -> bool:
        return all(doc_values[name] & codes for name, codes in effective.items() if name != skip)

    facets = {}
    for name, vocabulary in PROVIDER_FACETS.items():
        counts: dict[str, int] = {}
        for doc_values in values:
            if passes(doc_values, skip=name):
                for code in doc_values[name]:
                    counts[code] = counts.get(code, 0) + 1
        terms = [(t.code, t.label) for t in vocabulary] if vocabulary else [("1", PARTNERS_LABEL)]
        selected = set(filters.get(name, ()))
        facets[name] = [FacetValue(code, label, counts.get(code, 0), code in selected) for code, label in terms]
    final = [d for d, doc_values in zip(matched, values) if passes(doc_values)]
    per_page = min(max(1, per_page), 100)
    page = max(1, page)  # a page past the last is empty, and says so, as on /search and in the API
    shown = [{k: v for k, v in d.items() if not k.startswith("_")} for d in final[(page - 1) * per_page:page * per_page]]
    return ProviderResults(query=query, filters=filters, total=len(final), page=page, per_page=per_page,
                           organisations=shown, facets=facets, location=location,
                           place_unknown=bool(place) and location is None)
