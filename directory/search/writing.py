"""Writing the index: one commit of changed documents under Whoosh's write lock, and a full build into an empty index.

Every write waits for another process's lock rather than failing, leaves out documents the index already holds at
the same version, records the segment checksums and runs the per-version hooks. engine.py decides where and when
to write; this module does the writing.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh.writing import LockError

from directory.search import checksums, sidecars
from directory.search.schema import listing_version, to_fields

log = logging.getLogger(__name__)

WRITE_TIMEOUT = 60.0  # seconds a writer waits for another process's lock before giving up
BUILD_POOL_MB = 1024  # memory per writer process for a full build's postings before spilling to disk
MAX_SEGMENTS = 8  # above this many segments a commit also merges the small ones
PROGRESS_STEP = 250  # documents between progress reports during a rebuild
# Functions of (generation directory, Whoosh index) called by the process that committed a new version, once per
# version, to store what every worker would otherwise derive for itself (each segment's snapshot arrays: sidecars.py;
# the "did you mean" words: corrections.py).
AFTER_COMMIT: list = [sidecars.store_all]


def open_writer(ix):
    """A writer for `ix`, waiting up to WRITE_TIMEOUT for another writer (of any process) to finish."""
    deadline = time.monotonic() + WRITE_TIMEOUT
    while True:
        try:
            return ix.writer(timeout=1.0, delay=0.02)
        except LockError:
            if time.monotonic() > deadline:
                raise


def commit(ix, read: Callable[[], tuple[list, list]], only_changed: bool) -> tuple[list[int], list[int]]:
    """Write what `read()` returns, (updates, deletions), in one commit with the write lock held; returns the
    (written, removed) ids, both empty when there was nothing to write (and then nothing is committed)."""
    writer = open_writer(ix)
    try:
        updates, deletions = read()
        if only_changed:
            updates, deletions = changed_only(writer.searcher(), updates, deletions)
        if not updates and not deletions:
            abandon(writer)
            return [], []
        for listing_id in deletions:
            writer.delete_by_term("id", str(listing_id))
        for listing_id, version, document in updates:
            writer.update_document(**to_fields(listing_id, version, document))
        writer.commit(merge=len(getattr(writer, "segments", ())) >= MAX_SEGMENTS)
    except BaseException:
        abandon(writer)
        raise
    try:
        checksums.record(ix)
    except Exception:  # the change is committed; this segment is read unchecked
        log.exception("Recording search index checksums failed")
    after_commit(Path(ix.storage.folder), ix)
    return [listing_id for listing_id, _, _ in updates], deletions


def write_all(ix, documents: Iterable[tuple[int, str, dict]], procs: int, report, total: int | None) -> int:
    """Add every document to a new, empty index and commit (the writer processes it starts inherit the
    caller's CPU priority)."""
    # A large pool per writer: when postings outgrow it Whoosh sorts runs on disk and merges them in Python,
    # which made a 100,000-listing build cost about twice the CPU per listing of a 10,000-listing one.
    if procs > 1:
        writer = ix.writer(procs=procs, limitmb=BUILD_POOL_MB, multisegment=True, batchsize=500)
    else:
        writer = ix.writer(limitmb=BUILD_POOL_MB)
    count = 0
    report("Indexing listings", 0, total)
    for listing_id, version, document in documents:
        writer.add_document(**to_fields(listing_id, version, document))
        count += 1
        if count % PROGRESS_STEP == 0:
            report("Indexing listings", count, total)
    report("Indexing listings", count, count)
    report("Writing segments", 0, 1)
    writer.commit()
    report("Writing segments", 1, 1)
    return count


def versions_in(searcher, ids: Iterable[int]) -> dict[int, str]:
    """{listing id: version} of those of `ids` the searcher's index holds."""
    if searcher.reader().doc_count_all() == 0:
        return {}
    column = searcher.reader().column_reader("version")
    found = {}
    for listing_id in ids:
        docnum = searcher.document_number(id=str(listing_id))
        if docnum is not None:
            found[listing_id] = listing_version(column[docnum].decode())
    return found


def changed_only(searcher, updates: list, deletions: list) -> tuple[list, list]:
    have = versions_in(searcher, [listing_id for listing_id, _, _ in updates] + deletions)
    return (
        [update for update in updates if have.get(update[0]) != update[1]],
        [listing_id for listing_id in deletions if listing_id in have],
    )


def abandon(writer) -> None:
    """Give up a writer whose update or commit failed, always releasing the index's write lock: a lock left held
    would make every later writer in this process wait for WRITE_TIMEOUT and fail."""
    try:
        writer.cancel()
    except Exception:
        log.exception("Cancelling a failed search index writer failed")
    finally:
        lock = getattr(writer, "writelock", None)
        if lock is not None:
            with contextlib.suppress(Exception):  # it may have been released by cancel() already
                lock.release()


def after_commit(directory: Path, ix) -> None:
    for hook in AFTER_COMMIT:
        try:
            hook(directory, ix)
        except Exception:  # derived extras: each worker can still make its own
            log.exception("Storing %s for a new index version failed", getattr(hook, "__name__", hook))
