"""What one immutable segment contributes to a snapshot, kept compactly: per-document arrays, not Python objects.

At 100,000 listings the first version held each sort order as a list of (key, docnum) tuples, the keys as lists
of bytes, versions and venue points as lists of strings and tuples: about 55 MB per worker of small objects (each
tuple, bytes or float is an object with its own header), which the garbage collector also walks. Here each is a
few flat arrays: sort orders as array('I') of docnums, keys as one bytes blob with offsets, venue points as one
array('d') with offsets; versions are read from the index when reconcile asks, not held.
"""

from __future__ import annotations

import heapq
import math
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate

from directory.search import bitsets
from directory.search.schema import FACET_FIELDS, decode_points, listing_version

FREQUENT_FRACTION = 0.02  # words in at least 2% of a segment's documents get their bitsets built with it
FREQUENT_MIN_DOCS = 200
CELL_DEGREES = 0.5  # venue grid cells (locality.py): about 35 miles north-south, 20 east-west in the UK
# Documents sorted in one call: a sort is one C call that holds the interpreter lock throughout (about 40 ms for
# 100,000 title keys), and snapshots are built beside requests; chunks of this size take a few milliseconds each.
SORT_CHUNK = 8192
_INVERT = bytes(range(255, -1, -1))  # maps each byte b to 255 - b
# sort -> (column, descending): newest-first sorts inverted bytes, so every order is ascending
SORT_COLUMNS = {"title": ("title_key", False), "newest": ("published_key", True), "start": ("start_key", False)}


class PackedBytes:
    """A list of byte strings as one blob and an array of offsets (`packed[n]` gives the nth as bytes)."""

    __slots__ = ("blob", "offsets")

    def __init__(self, values: list[bytes]):
        self.blob = b"".join(values)
        self.offsets = array("I", accumulate(map(len, values), initial=0))

    def __getitem__(self, n: int) -> bytes:
        return self.blob[self.offsets[n] : self.offsets[n + 1]]

    def __len__(self) -> int:
        return len(self.offsets) - 1


class PackedPoints:
    """Each document's venue points (latitude, longitude) as one array of floats and an array of offsets."""

    __slots__ = ("coordinates", "offsets")

    def __init__(self, per_document: list[tuple[tuple[float, float], ...] | None]):
        self.coordinates = array("d")
        self.offsets = array("I", [0])
        for points in per_document:
            for lat, lon in points or ():
                self.coordinates.append(lat)
                self.coordinates.append(lon)
            self.offsets.append(len(self.coordinates))

    def __getitem__(self, n: int) -> tuple[tuple[float, float], ...] | None:
        start, end = self.offsets[n], self.offsets[n + 1]
        if start == end:
            return None
        values = self.coordinates[start:end]
        return tuple(zip(values[::2], values[1::2], strict=False))

    def with_points(self) -> Iterator[int]:
        """The documents that have at least one venue point."""
        offsets = self.offsets
        return (n for n in range(len(offsets) - 1) if offsets[n] != offsets[n + 1])


@dataclass
class SegmentData:
    """What one immutable segment contributes: facet bitsets, listing ids and sort orders (local docnums)."""

    size: int
    ids: array  # listing id by local docnum
    masks: dict[str, dict[str, int]]  # facet -> value -> bitset of local docnums
    orders: dict[str, array]  # sort -> local docnums in that order (ties in docnum order)
    keys: dict[str, PackedBytes]  # sort -> each document's key (ascending order)
    frequent: dict[tuple[str, str], int]  # (field, word) -> bitset, for words in many documents
    points: PackedPoints
    cells: dict[tuple[int, int], int] = field(default_factory=dict)  # map cell -> documents with a venue in it

    def ordered(self, sort: str, offset: int) -> Iterator[tuple[bytes, int]]:
        """(key, global docnum) in the sort order, for merging with the other segments."""
        keys = self.keys[sort]
        return ((keys[local], local + offset) for local in self.orders[sort])


class Offsets:
    """Which segment holds a global docnum: segments are contiguous, in docnum order."""

    def __init__(self, segments: list[tuple[SegmentData, int]]):
        self.segments = segments
        self.starts = [offset for _, offset in segments]

    def locate(self, docnum: int) -> tuple[SegmentData, int]:
        """(segment, local docnum) of a global docnum."""
        data, offset = self.segments[bisect_right(self.starts, docnum) - 1]
        return data, docnum - offset


def posting_ids(reader, fieldname: str, text) -> list[int]:
    """The docnums of a term's postings in one segment, read a block at a time (the per-posting generator is
    most of the cost of building bitsets)."""
    matcher = reader.postings(fieldname, text)
    if not hasattr(matcher, "_read_ids"):
        return list(matcher.all_ids())
    ids: list[int] = []
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        ids.extend(matcher._ids[matcher._i :])
        matcher._next_block()
    return ids


def segment_data(reader) -> SegmentData:
    size = reader.doc_count_all()
    masks = {}
    for name in FACET_FIELDS:
        masks[name] = {}
        if name not in reader.schema:  # an index built before the field existed: a rebuild adds it
            continue
        for value in reader.lexicon(name):
            text = value.decode("utf-8") if isinstance(value, bytes) else value
            masks[name][text] = bitsets.from_docnums(posting_ids(reader, name, value), size)
    ids = array("q", (int(value) if value else 0 for value in reader.column_reader("id_column")))
    orders, keys = {}, {}
    for sort, (column, descending) in SORT_COLUMNS.items():
        values = list(reader.column_reader(column))
        if descending:
            values = [value.translate(_INVERT) + b"\xff" for value in values]
        orders[sort] = sorted_docnums(values)
        keys[sort] = PackedBytes(values)
    points = PackedPoints(
        [decode_points(value) for value in reader.column_reader("venues")]
        if "venues" in reader.schema
        else [None] * size
    )
    return SegmentData(
        size=size,
        ids=ids,
        masks=masks,
        orders=orders,
        keys=keys,
        frequent=frequent_terms(reader, size),
        points=points,
        cells=venue_cells(points),
    )


def map_cell(lat: float, lon: float) -> tuple[int, int]:
    """The venue grid cell of a point (locality.py builds each version's grid from these)."""
    return math.floor(lat / CELL_DEGREES), math.floor(lon / CELL_DEGREES)


def venue_cells(points: PackedPoints) -> dict[tuple[int, int], int]:
    """One segment's documents with a venue in each map cell, as bitsets of its own docnums: computed with the
    segment and stored beside it (sidecars.py), so a new version's grid is a union of these, not a walk over
    every venue point in each worker (a few hundred milliseconds at 100,000 listings)."""
    cells: dict[tuple[int, int], list[int]] = {}
    for docnum in points.with_points():
        for lat, lon in points[docnum]:
            cells.setdefault(map_cell(lat, lon), []).append(docnum)
    size = len(points.offsets) - 1
    return {cell: bitsets.from_docnums(docnums, size) for cell, docnums in cells.items()}


def sorted_docnums(values: list[bytes]) -> array:
    """Docnums in the order of their values, ties in docnum order (as (value, docnum) pairs would sort): sorted
    in chunks and merged, so no single step holds the interpreter lock for long."""
    size = len(values)
    chunks = [
        sorted(range(start, min(size, start + SORT_CHUNK)), key=values.__getitem__)
        for start in range(0, size, SORT_CHUNK)
    ]
    if len(chunks) <= 1:
        return array("I", chunks[0] if chunks else ())
    return array("I", heapq.merge(*chunks, key=values.__getitem__))  # equal values: earlier chunk first


def frequent_terms(reader, size: int) -> dict[tuple[str, str], int]:
    """Bitsets of the words in many documents, built with the segment rather than on a search: reading a common
    word's postings is what makes a query slow (tens of thousands of postings at 100,000 listings)."""
    threshold = max(FREQUENT_MIN_DOCS, int(size * FREQUENT_FRACTION))
    frequent = {}
    for fieldname in ("head", "text"):
        for term, info in reader.iter_field(fieldname):
            if info.doc_frequency() >= threshold:
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                frequent[(fieldname, text)] = bitsets.from_docnums(posting_ids(reader, fieldname, term), size)
    return frequent


def versions(reader) -> list[str]:
    """Each document's stored version, read from the index when reconcile asks (not held per snapshot)."""
    return [listing_version(value.decode()) for value in reader.column_reader("version")]
