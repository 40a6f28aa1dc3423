"""A checksum beside every committed segment file, checked whenever a process first reads the segment.

Whoosh trusts its files: a damaged segment either raises somewhere deep in a search (and only for the queries
that touch the damaged bytes) or quietly answers with wrong documents. Segment files never change once committed
(deletions live in the table of contents), so a CRC-32 written after each commit and compared when a snapshot
first reads the segment turns any damage into one clear error, the same for every query, that the fault handling
in `listings/index_health.py` answers with 503 and a rebuild.

A sidecar is named after its segment file (`MAIN_<id>.seg.crc32`), so Whoosh's own clean-up deletes it with the
segment when a merge retires it. A segment without a sidecar (an index from before this, or a commit whose
sidecars are still being written) is read unchecked.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

SUFFIX = ".crc32"
CHUNK = 1 << 20


class CorruptSegment(Exception):
    """A segment file's contents no longer match the checksum written when it was committed."""


def _crc(path: Path) -> tuple[int, int]:
    crc, size = 0, 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
    return size, crc


SELF_CHECKED = (SUFFIX, ".arrays")  # checksums, and sidecars.py's arrays, which carry a CRC-32 of their own


def _segment_files(directory: Path, segment_id: str) -> list[Path]:
    return [path for path in directory.glob(f"{segment_id}.*") if not path.name.endswith(SELF_CHECKED)]


def segment_ids(ix) -> list[str]:
    """The committed segments the index's table of contents lists now (another writer's half-written files are not
    among them)."""
    from whoosh.index import TOC

    return [segment.segment_id() for segment in TOC.read(ix.storage, ix.indexname).segments]


def record(ix) -> None:
    """After a commit: write the missing sidecars of the committed segments."""
    directory = Path(ix.storage.folder)
    for segment_id in segment_ids(ix):
        for path in _segment_files(directory, segment_id):
            sidecar = path.with_name(path.name + SUFFIX)
            if sidecar.exists():
                continue
            size, crc = _crc(path)
            temporary = directory / f".{sidecar.name}-{os.getpid()}"
            temporary.write_text(f"{size} {crc:08x}\n")
            os.replace(temporary, sidecar)


def check(directory: Path, segment_id: str) -> None:
    """Raise CorruptSegment when a file of the segment differs from its recorded size or checksum."""
    for path in _segment_files(directory, segment_id):
        try:
            expected = path.with_name(path.name + SUFFIX).read_text().split()
        except FileNotFoundError:
            continue
        size, crc = _crc(path)
        if expected != [str(size), f"{crc:08x}"]:
            raise CorruptSegment(f"{path.name}: {size} bytes with CRC-32 {crc:08x}, recorded {' '.join(expected)}")
