"""One version of the index held in memory for searching: the searcher, each segment's arrays and the facet bitsets.

A snapshot is built when a process first reads a version of the index and warmed before it replaces the previous
one (engine.py decides when); per-segment data is reused across versions, so a single-document commit costs only
its new segment. Everything here reads; nothing writes the index.
"""

from __future__ import annotations

import heapq
import logging
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from directory.search import bitsets, sidecars
from directory.search.schema import FACET_FIELDS
from directory.search.segments import Offsets, SegmentData, posting_ids

log = logging.getLogger(__name__)

# Term bitsets kept per index version, by size: at 100,000 listings each is up to 12.5 KB, so a cap by count
# (5,000) let the cache grow to 60 MB per worker.
TERM_CACHE_BYTES = 8 * 2**20
WARM_TERMS = 200  # recently searched words whose bitsets a new version builds before it is swapped in
# Functions of a snapshot that warm a new version before it is swapped in (registered by the modules that derive
# something per version: corrections.py's speller, locality.py's venue grid).
WARMERS: list = []


class Points:
    """Each document's venue points by global docnum (None without venues), read from the segments' arrays."""

    def __init__(self, offsets: Offsets):
        self._offsets = offsets

    def __getitem__(self, docnum: int) -> tuple[tuple[float, float], ...] | None:
        data, local = self._offsets.locate(docnum)
        return data.points[local]

    def with_points(self) -> Iterator[int]:
        """The global docnums of documents with at least one venue point, ascending."""
        for data, offset in self._offsets.segments:
            for local in data.points.with_points():
                yield local + offset


@dataclass
class Snapshot:
    """One version of the index, ready to answer queries: the searcher and the bitsets built for it."""

    searcher: object
    generation: tuple
    size: int
    live: int
    ids: array  # listing id by global docnum
    masks: dict[str, dict[str, int]]
    segments: list[tuple[SegmentData, int]] = field(default_factory=list)
    term_cache: dict[tuple[str, str], int] = field(default_factory=dict)
    speller: object = None
    _venue_bits: int | None = None
    grid: dict | None = None  # venue bitsets per map cell, built by locality.py on first distance search
    _term_cache_bytes: int = 0

    def __post_init__(self):
        self.offsets = Offsets(self.segments)
        self.points = Points(self.offsets)

    @property
    def venue_bits(self) -> int:
        """The live documents with at least one venue point."""
        if self._venue_bits is None:
            self._venue_bits = bitsets.from_docnums(self.points.with_points(), self.size) & self.live
        return self._venue_bits

    def order(self, sort: str) -> Iterator[int]:
        """Global docnums in the given sort order (lazily merged from each segment's sorted array)."""
        if len(self.segments) == 1:
            data, offset = self.segments[0]
            return (local + offset for local in data.orders[sort])
        streams = [data.ordered(sort, offset) for data, offset in self.segments]
        return (docnum for _, docnum in heapq.merge(*streams))

    def readers(self) -> list:
        return [
            (reader, offset) for reader, offset in self.searcher.reader().leaf_readers() if reader.segment() is not None
        ]

    def sort_key(self, sort: str, docnum: int) -> bytes:
        data, local = self.offsets.locate(docnum)
        return data.keys[sort][local]

    def sorted_docnums(self, docnums: list[int], sort: str, limit: int) -> list[int]:
        """The first `limit` of `docnums` in the sort order (ties in docnum order)."""
        return heapq.nsmallest(limit, docnums, key=lambda docnum: (self.sort_key(sort, docnum), docnum))

    def term_bits(self, fieldname: str, text: str) -> int:
        """The documents containing a term, as a bitset (cached for this version of the index)."""
        key = (fieldname, text)
        bits = self.term_cache.get(key)
        if bits is None:
            bits = 0
            for (reader, offset), (data, _) in zip(self.readers(), self.segments, strict=False):
                if key in data.frequent:
                    bits |= data.frequent[key] << offset
                elif key in reader:
                    bits |= bitsets.from_docnums(posting_ids(reader, fieldname, text), data.size) << offset
            bits &= self.live
            self._remember(key, bits)
        return bits

    def _remember(self, key: tuple[str, str], bits: int) -> None:
        size = bits.bit_length() // 8 + 32
        if self._term_cache_bytes + size > TERM_CACHE_BYTES:
            self.term_cache.clear()
            self._term_cache_bytes = 0
        self.term_cache[key] = bits
        self._term_cache_bytes += size

    def listing_ids(self, docnums: Iterable[int]) -> list[int]:
        ids = self.ids
        return [ids[docnum] for docnum in docnums]

    def warm_terms_from(self, previous: Snapshot | None, limit: int = WARM_TERMS) -> None:
        """Fill the term cache with the words the previous version was asked for most recently, so the first
        searches after a swap cost what they cost before it."""
        if previous is None:
            return
        for fieldname, text in list(previous.term_cache)[-limit:]:
            self.term_bits(fieldname, text)


def build(searcher, generation: tuple, cache: dict[tuple[str, str], SegmentData]) -> Snapshot:
    """The snapshot of what `searcher` reads, reusing the per-segment data in `cache` (keyed by generation
    directory and segment id) and keeping it to the segments still in use."""
    segments, ids, live_parts, offset = [], array("q"), 0, 0
    seen = set()
    for reader, offset in searcher.reader().leaf_readers():
        segment = reader.segment()
        if segment is None:  # an empty index has a reader without segments
            continue
        key = (generation[0], segment.segment_id()) if segment is not None else None
        data = cache.get(key) if key else None
        if data is None:
            data = sidecars.segment_data(Path(generation[0]), reader)  # stored at commit; computed if unsound
            if key:
                cache[key] = data
        seen.add(key)
        segments.append((data, offset))
        ids.extend(data.ids)
        local_live = bitsets.all_of(data.size)
        if segment is not None and segment.has_deletions():
            local_live &= ~bitsets.from_docnums(segment.deleted_docs(), data.size)
        live_parts |= local_live << offset
    for key in list(cache):
        if key not in seen:
            del cache[key]
    return Snapshot(
        searcher=searcher,
        generation=generation,
        size=len(ids),
        live=live_parts,
        ids=ids,
        masks=combined_masks(segments),
        segments=segments,
    )


def warm(snap: Snapshot, previous: Snapshot | None) -> None:
    """Build what the first searches of a new version would otherwise build on the request path."""
    try:
        for warmer in WARMERS:  # e.g. the speller and the venue grid (registered by corrections.py and locality.py)
            warmer(snap)
        _ = snap.venue_bits
        snap.warm_terms_from(previous)
    except Exception:  # a version that could not be warmed is still correct: swap it in, cold
        log.exception("Warming a new search index version failed")


def combined_masks(segments: list[tuple[SegmentData, int]]) -> dict[str, dict[str, int]]:
    """Each facet value's bitset over the whole index (a value in one segment only shares that segment's int)."""
    masks: dict[str, dict[str, int]] = {name: {} for name in FACET_FIELDS}
    for data, offset in segments:
        for name, values in data.masks.items():
            target = masks[name]
            for value, bits in values.items():
                shifted = bits << offset if offset else bits
                current = target.get(value)
                target[value] = shifted if current is None else current | shifted
    return masks
