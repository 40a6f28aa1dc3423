"""Facets over bitsets, written once for listing search and the /providers catalogue: cleaning a selection against
the allowlist, and counting each facet's values as though its own selection were removed.

A facet is a name and its vocabulary (directory/taxonomy.py), which gives the codes allowed, their order, their
labels and the facet's heading. Facets combine as AND across facets and OR within one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from directory import taxonomy
from directory.search import bitsets

Facets = dict[str, taxonomy.Vocabulary]


@dataclass
class FacetValue:
    code: str
    label: str
    count: int
    selected: bool


def clean_selection(filters: dict | None, facets: Facets) -> dict[str, list[str]]:
    """Only known facets and known codes, each once, in vocabulary order; everything else is dropped."""
    cleaned = {}
    for name, vocabulary in facets.items():
        values = (filters or {}).get(name) or []
        if isinstance(values, str):
            values = [values]
        wanted = {value for value in values if isinstance(value, str)}
        chosen = [code for code in vocabulary.codes() if code in wanted]
        if chosen:
            cleaned[name] = chosen
    return cleaned


def union(values: dict[str, int], codes: Iterable[str]) -> int:
    """The documents carrying any of `codes` (OR within a facet)."""
    mask = 0
    for code in codes:
        mask |= values.get(code, 0)
    return mask


def counts(
    matched: int,
    masks: dict[str, int],
    facets: Facets,
    values_of: Callable[[str], dict[str, int]],
    selected: dict[str, list[str]],
) -> dict[str, list[FacetValue]]:
    """Every facet's values in vocabulary order, each counted among `matched` documents allowed by every other
    facet's mask in `masks` (its own selection removed, so a person sees what each other choice would give).
    values_of(name) is a facet's {code: bitset}."""
    result = {}
    for name, vocabulary in facets.items():
        base = matched
        for other, mask in masks.items():
            if other != name:
                base &= mask
        values = values_of(name)
        chosen = set(selected.get(name, ()))
        result[name] = [
            FacetValue(term.code, term.label, (base & values.get(term.code, 0)).bit_count(), term.code in chosen)
            for term in vocabulary
        ]
    return result


def relax(filters: dict, matched: int, masks: dict[str, int]) -> dict | None:
    """For an empty result: the selected filter whose removal gives the most results."""
    best = None
    for name in filters:
        total = bitsets.intersection([matched] + [mask for other, mask in masks.items() if other != name]).bit_count()
        if total and (best is None or total > best["total"]):
            best = {"facet": name, "codes": filters[name], "total": total}
    return best
