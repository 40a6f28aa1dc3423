"""The order of results: locality tiers first when a location is known, running before planned within each, then
relevance tiers, then the chosen sort; and the one page of document numbers asked for, without ordering the rest.

Relevance is computed from bitsets (each clause scores its rarity, more in the title or provider's name), so its
cost does not grow with the number of matches the way per-document scoring does.
"""

from __future__ import annotations

import itertools
import math

from directory.search import bitsets, locality
from directory.search.schema import HEAD_WEIGHT
from directory.search.selection import Selection
from directory.search.snapshot import Snapshot

SORTS = ("relevance", "newest", "title", "start", "distance")
BROWSE_ORDER = "newest"  # what "relevance" means when there are no keywords
RANKED_CLAUSES = 4  # clauses whose title-or-text placement decides the order (2**4 tiers at most)


def page(snap: Snapshot, chosen: Selection, sort: str, start: int, count: int) -> list[int]:
    """Docnums of results start..start+count of the selection in the given order."""
    return _rank(snap, _groups(snap, chosen, sort), start, count, chosen.miles)


def _tiers(snap: Snapshot, clause_bits: list[tuple[int, int]], final: int) -> list[int]:
    """The matched set split into tiers by score, best first.

    Each clause scores its rarity (log inverse document frequency), times HEAD_WEIGHT when it is in the title or
    provider's name. So listings whose title says what was asked come first, rarer words count for more, and
    ties are broken by the sort order (newest first).
    """
    size = max(1, snap.live.bit_count())
    weighted = sorted(
        ((math.log(1 + size / max(1, anywhere.bit_count())), head) for head, anywhere in clause_bits),
        key=lambda pair: -pair[0],
    )[:RANKED_CLAUSES]
    tiers = []
    for pattern in itertools.product((True, False), repeat=len(weighted)):
        mask, score = final, 0.0
        for in_head, (idf, head) in zip(pattern, weighted, strict=False):
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


def _rank(snap: Snapshot, groups: list[tuple[int, str]], start: int, count: int, miles: dict[int, float]) -> list[int]:
    """Docnums for results start..start+count from groups taken in turn, each in its own order (a sort key, or
    "distance": nearest venue first)."""
    taken: list[int] = []
    skip = start
    for mask, order in groups:
        size = mask.bit_count()
        if skip >= size:
            skip -= size
            continue
        wanted = skip + count - len(taken)
        if order == "distance":
            ranked = sorted(bitsets.docnums(mask), key=lambda n: (miles.get(n, math.inf), n))[:wanted]
        else:
            ranked = _in_order(snap, mask, size, order, wanted)
        taken.extend(ranked[skip:])
        skip = 0
        if len(taken) >= count:
            break
    return taken[:count]


def _groups(snap: Snapshot, chosen: Selection, sort: str) -> list[tuple[int, str]]:
    """The ranked set as (mask, order) groups: locality tiers first when a location is known (whatever the sort),
    running before planned within each, then relevance tiers, then the sort order."""
    order = BROWSE_ORDER if sort in ("relevance", "distance") else sort
    relevance = (
        _tiers(snap, chosen.clause_bits, chosen.final) if chosen.clause_bits and sort == "relevance" else [chosen.final]
    )
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
