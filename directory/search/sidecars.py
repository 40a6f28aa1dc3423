"""Each segment's snapshot arrays (segments.SegmentData) computed once, by the process that committed the segment,
and stored beside it (`MAIN_<id>.arrays`), so every web worker loads a few flat buffers instead of walking the
segment's postings and columns itself.

Walking them cost each worker about 1.8 CPU-seconds at 100,000 listings, in the background thread that swaps a
new version in but under the interpreter lock that requests need too; loading the stored arrays takes a few
milliseconds. A sidecar carries a CRC-32 of its contents and the segment's document count, and is used only when
both match: one that is missing, damaged, from another format or another machine's byte order is rebuilt from the
segment (and stored again), never trusted. Whoosh's clean-up deletes it with its segment (same name prefix);
checksums.py leaves it out, since it checks itself.
"""

from __future__ import annotations

import json
import logging
import os
import struct
import sys
import threading
import time
import zlib
from array import array
from pathlib import Path

from directory.search import checksums
from directory.search.segments import PackedBytes, PackedPoints, SegmentData
from directory.search.segments import segment_data as from_postings

log = logging.getLogger(__name__)

SUFFIX = ".arrays"
FORMAT = 1  # raise when SegmentData or how segments.py computes it changes: older files are rebuilt
MAGIC = b"LSSDARR\n"
_HEAD = struct.Struct("<8sII")  # magic, header length, CRC-32 of header and payload
# A segment this large without its sidecar yet (another process's merge, whose hook is still writing it) is worth
# waiting a moment for; a smaller one costs less to compute than to wait for.
WAIT_FROM_DOCS = 5000
WAIT_SECONDS = 2.0


class Unusable(ValueError):
    """A sidecar that cannot be used as it is: missing, damaged, or for another format or segment."""


def path_for(directory: Path, segment_id: str) -> Path:
    return Path(directory) / f"{segment_id}{SUFFIX}"


def _bits(value: int, size: int) -> bytes:
    return value.to_bytes((size >> 3) + 1, "little")


def encode(segment_id: str, data: SegmentData) -> bytes:
    """The sidecar's bytes: a JSON header naming each buffer's place in the payload, then the buffers."""
    parts: list[bytes] = []
    position = 0

    def put(buffer) -> list[int]:
        nonlocal position
        raw = bytes(buffer)
        parts.append(raw)
        position += len(raw)
        return [position - len(raw), len(raw)]

    header = {
        "format": FORMAT,
        "byteorder": sys.byteorder,
        "segment": segment_id,
        "size": data.size,
        "ids": put(data.ids),
        "masks": {
            name: {value: put(_bits(bits, data.size)) for value, bits in values.items()}
            for name, values in data.masks.items()
        },
        "orders": {sort: put(order) for sort, order in data.orders.items()},
        "keys": {sort: [put(keys.blob), put(keys.offsets)] for sort, keys in data.keys.items()},
        "frequent": [[field, word, *put(_bits(bits, data.size))] for (field, word), bits in data.frequent.items()],
        "points": [put(data.points.coordinates), put(data.points.offsets)],
        "cells": [[row, column, *put(_bits(bits, data.size))] for (row, column), bits in data.cells.items()],
    }
    head = json.dumps(header, separators=(",", ":")).encode()
    payload = b"".join(parts)
    crc = zlib.crc32(payload, zlib.crc32(head))
    return _HEAD.pack(MAGIC, len(head), crc) + head + payload


def _array(typecode: str, payload: memoryview, place: list[int], count: int | None = None) -> array:
    start, length = place
    values = array(typecode)
    if length % values.itemsize or start + length > len(payload):
        raise Unusable("a buffer outside the file")
    values.frombytes(payload[start : start + length])
    if count is not None and len(values) != count:
        raise Unusable(f"{len(values)} values for {count} documents")
    return values


def _int(payload: memoryview, place: list[int]) -> int:
    start, length = place
    if start + length > len(payload):
        raise Unusable("a bitset outside the file")
    return int.from_bytes(payload[start : start + length], "little")


def decode(raw: bytes, segment_id: str, size: int) -> SegmentData:
    """The SegmentData stored in `raw` for segment `segment_id` of `size` documents; Unusable unless every check
    passes."""
    if len(raw) < _HEAD.size:
        raise Unusable("shorter than its header")
    magic, head_length, crc = _HEAD.unpack_from(raw)
    view = memoryview(raw)
    head, payload = view[_HEAD.size : _HEAD.size + head_length], view[_HEAD.size + head_length :]
    if magic != MAGIC or zlib.crc32(payload, zlib.crc32(head)) != crc:
        raise Unusable("not a sidecar, or its checksum does not match")
    try:
        header = json.loads(bytes(head))
        made_for = (header["format"], header["byteorder"], header["segment"], header["size"])
        if made_for != (FORMAT, sys.byteorder, segment_id, size):
            raise Unusable("made for format {}, {}-endian, segment {}, {} documents".format(*made_for))
        offsets = [_array("I", payload, header["keys"][sort][1], size + 1) for sort in header["keys"]]
        keys = {}
        for sort, offset_array in zip(header["keys"], offsets, strict=True):
            keys[sort] = PackedBytes.__new__(PackedBytes)
            start, length = header["keys"][sort][0]
            keys[sort].blob, keys[sort].offsets = bytes(payload[start : start + length]), offset_array
        points = PackedPoints.__new__(PackedPoints)
        points.coordinates = _array("d", payload, header["points"][0])
        points.offsets = _array("I", payload, header["points"][1], size + 1)
        return SegmentData(
            size=size,
            ids=_array("q", payload, header["ids"], size),
            masks={
                name: {value: _int(payload, place) for value, place in values.items()}
                for name, values in header["masks"].items()
            },
            orders={sort: _array("I", payload, place, size) for sort, place in header["orders"].items()},
            keys=keys,
            frequent={
                (field, word): _int(payload, [start, length]) for field, word, start, length in header["frequent"]
            },
            points=points,
            cells={(row, column): _int(payload, [start, length]) for row, column, start, length in header["cells"]},
        )
    except (KeyError, TypeError, ValueError) as wrong:  # Unusable is a ValueError too
        raise Unusable(f"a header that does not describe the arrays: {wrong}") from wrong


def store(directory: Path, segment_id: str, data: SegmentData) -> None:
    """Write a segment's sidecar atomically (a reader sees the whole file or none); a directory that cannot be
    written leaves each process to compute the arrays itself."""
    path = path_for(directory, segment_id)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        temporary.write_bytes(encode(segment_id, data))
        os.replace(temporary, path)
    except OSError:
        log.warning("Could not store the snapshot arrays of %s", path, exc_info=True)
        temporary.unlink(missing_ok=True)


def _read(path: Path, segment_id: str, size: int, wait: float) -> SegmentData:
    deadline = time.monotonic() + wait
    while True:
        try:
            return decode(path.read_bytes(), segment_id, size)
        except FileNotFoundError:
            if time.monotonic() >= deadline:
                raise Unusable("missing") from None
            time.sleep(0.05)


def segment_data(directory: Path, reader) -> SegmentData:
    """One segment's arrays: loaded from its sidecar when that is sound, else computed from the segment's postings
    and columns and stored for the other processes."""
    segment_id, size = reader.segment().segment_id(), reader.doc_count_all()
    path = path_for(directory, segment_id)
    try:
        return _read(path, segment_id, size, WAIT_SECONDS if size >= WAIT_FROM_DOCS else 0.0)
    except Unusable as why:
        if path.exists():
            log.warning("Snapshot arrays of %s not used (%s): computing them from the segment", path.name, why)
    except OSError:
        log.warning("Could not read %s: computing the arrays from the segment", path.name, exc_info=True)
    data = from_postings(reader)
    store(directory, segment_id, data)
    return data


def store_all(directory: Path, ix) -> None:
    """After a commit: compute and store the arrays of each committed segment that has no sidecar yet."""
    directory = Path(directory)
    missing = [segment_id for segment_id in checksums.segment_ids(ix) if not path_for(directory, segment_id).exists()]
    if not missing:
        return
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            segment = leaf.segment()
            if segment is not None and segment.segment_id() in missing:
                store(directory, segment.segment_id(), from_postings(leaf))
