"""The index on disk and in memory: where it lives, how it is written, and a warm snapshot for searching.

Layout: SEARCH_INDEX_DIR/current is a symlink to the generation directory in use (gen-<ns>). A rebuild writes a
new generation and swaps the link atomically, so searches keep working during a rebuild.

Each process opens one searcher per index and keeps it (reopening per request cost ~270 ms at 100k); it refreshes
when the index changed, reusing per-segment facet bitsets, so a single-document commit costs only the new segment.
"""
from __future__ import annotations

import heapq
import json
import logging
import os
import shutil
import threading
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.writing import LockError

from directory.search import bitsets, checksums, resources, segments as segment_arrays, sidecars, storage
from directory.search.schema import FACET_FIELDS, listing_version, make_schema, to_fields
from directory.search.segments import Offsets, SegmentData, posting_ids

log = logging.getLogger(__name__)


CURRENT = "current"
META = "meta.json"         # beside a generation's Whoosh files: what the app records about it (e.g. changes applied)
WRITE_TIMEOUT = 60.0       # seconds a writer waits for another process's lock before giving up
BUILD_POOL_MB = 1024       # memory per writer process for a full build's postings before spilling to disk
MAX_SEGMENTS = 8           # above this many segments a commit also merges the small ones
PROGRESS_STEP = 250        # documents between progress reports during a rebuild
# Term bitsets kept per index version, by size: at 100,000 listings each is up to 12.5 KB, so a cap by count
# (5,000) let the cache grow to 60 MB per worker.
TERM_CACHE_BYTES = 8 * 2**20
WARM_TERMS = 200          # recently searched words whose bitsets a new version builds before it is swapped in
SORT_KEYS = tuple(segment_arrays.SORT_COLUMNS)


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
    ids: array                         # listing id by global docnum
    masks: dict[str, dict[str, int]]
    segments: list[tuple[SegmentData, int]] = field(default_factory=list)
    term_cache: dict[tuple[str, str], int] = field(default_factory=dict)
    speller: object = None
    _venue_bits: int | None = None
    grid: dict | None = None           # venue bitsets per map cell, built by locality.py on first distance search
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
        return [(reader, offset) for reader, offset in self.searcher.reader().leaf_readers()
                if reader.segment() is not None]

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
            for (reader, offset), (data, _) in zip(self.readers(), self.segments):
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


class SearchIndex:
    """One index directory (SEARCH_INDEX_DIR): writing, rebuilding, and a warm snapshot per process."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self._lock = threading.RLock()
        self._snapshot: Snapshot | None = None
        self._segment_cache: dict[tuple[str, str], SegmentData] = {}
        self._opened: dict[str, object] = {}
        self._refresher_pid: int | None = None
        self.refresh_interval = 0.5

    # --- where the index is -----------------------------------------------------------------------------
    def current_dir(self) -> Path | None:
        link = self.root / CURRENT
        try:
            return self.root / os.readlink(link)
        except OSError:
            return None

    def exists(self) -> bool:
        directory = self.current_dir()
        return directory is not None and whoosh_index.exists_in(str(directory))

    def _new_generation_dir(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        directory = self.root / f"gen-{time.time_ns()}-{os.getpid()}"
        directory.mkdir()
        return directory

    def _point_current_at(self, directory: Path) -> None:
        temporary = self.root / f".{CURRENT}-{os.getpid()}-{time.time_ns()}"
        os.symlink(directory.name, temporary)
        os.replace(temporary, self.root / CURRENT)

    def ensure(self) -> None:
        """Create an empty index when there is none (a fresh install searches an empty index, not an error)."""
        if self.exists():
            return
        with self._lock:
            directory = self._new_generation_dir()
            storage.create_in(directory, make_schema())
            if not self.exists():  # another process may have made one meanwhile: keep theirs
                self._point_current_at(directory)
            else:
                shutil.rmtree(directory, ignore_errors=True)

    def _index(self, directory: Path):
        key = str(directory)
        if key not in self._opened:
            self._opened[key] = storage.open_dir(key)
        return self._opened[key]

    def open(self):
        self.ensure()
        return self._index(self.current_dir())

    # --- writing --------------------------------------------------------------------------------------------
    def _writer(self, ix):
        deadline = time.monotonic() + WRITE_TIMEOUT
        while True:
            try:
                return ix.writer(timeout=1.0, delay=0.02)
            except LockError:
                if time.monotonic() > deadline:
                    raise

    def write(self, updates: Iterable[tuple[int, str, dict]] = (), deletions: Iterable[int] = (),
              refresh: bool = True) -> int:
        """Add or replace documents and delete others in one commit; waits for another writer's lock."""
        updates, deletions = list(updates), list(deletions)
        if not updates and not deletions:
            return 0
        written, removed = self._commit(lambda: (updates, deletions), refresh, only_changed=False)
        return len(written) + len(removed)

    def write_changed(self, read: Callable[[], tuple[list, list]], refresh: bool = True) -> tuple[list[int], list[int]]:
        """Write what `read()` returns, (updates, deletions), called with the index's write lock held, leaving out
        documents the index already holds at the same version and deletions of documents it does not hold.

        Reading under the lock is what keeps the index from going back in time: two processes that write the same
        listing read the database one after the other, so the last to write read the newest state (reading first
        and then waiting for the lock let an older version overwrite a newer one, which nothing would repair
        until the next reconcile). When two processes apply the same change (a worker's write-through and the
        node's follower), it is written once. Returns (written, removed) ids. With refresh, this process's
        snapshot is rebuilt at once (read-your-writes); a follower leaves that to the workers' refreshers."""
        return self._commit(read, refresh, only_changed=True)

    def _commit(self, read, refresh: bool, only_changed: bool) -> tuple[list, list]:
        ix = self.open()
        writer = self._writer(ix)
        try:
            updates, deletions = read()
            if only_changed:
                updates, deletions = _changed_only(writer.searcher(), updates, deletions)
            if not updates and not deletions:
                _abandon(writer)
                return [], []
            for listing_id in deletions:
                writer.delete_by_term("id", str(listing_id))
            for listing_id, version, document in updates:
                writer.update_document(**to_fields(listing_id, version, document))
            writer.commit(merge=len(getattr(writer, "segments", ())) >= MAX_SEGMENTS)
        except BaseException:
            _abandon(writer)
            raise
        try:
            checksums.record(ix)
        except Exception:  # the change is committed; this segment is read unchecked
            log.exception("Recording search index checksums failed")
        _after_commit(Path(ix.storage.folder), ix)
        if refresh:
            try:
                self._fresh_snapshot()  # this process sees its own change at once: publish-to-searchable includes it
            except Exception:  # the change is committed; the next search refreshes again
                log.exception("Search index refresh after a write failed")
        return [listing_id for listing_id, _, _ in updates], deletions

    def rebuild(self, documents: Iterable[tuple[int, str, dict]], procs: int = 1, warm: bool = True,
                progress=None, total: int | None = None, meta: dict | None = None) -> int:
        """Build a complete new index from `documents` in a new directory, then swap it in atomically.

        With warm, this process also opens the new index and builds its bitsets before returning. `progress`, if
        given, is called as progress(stage, done, total) (see directory/progress.py); `total` is the expected
        number of documents, for a bar with time left. `meta` is written into the new directory before the swap
        (see write_meta), so no reader ever sees the new index without it."""
        report = progress or (lambda stage, done, of: None)
        directory = self._new_generation_dir()
        with resources.lowered_priority():  # the web workers' requests come first; the build takes what is left
            ix = storage.create_in(directory, make_schema())
            count = _write_all(ix, documents, procs, report, total)
            checksums.record(ix)
            self.write_meta(meta or {}, directory)
            _after_commit(directory, storage.open_dir(directory))  # what workers load: part of the build's work
        previous = self.current_dir()
        self._point_current_at(directory)
        self._remove_old_generations(keep={directory, previous})
        if warm:
            report("Warming searcher", 0, 1)
            self._fresh_snapshot()
            report("Warming searcher", 1, 1)
        return count

    def _remove_old_generations(self, keep: set) -> None:
        # The generation just replaced is kept: other processes may still be reading it until they refresh.
        for path in self.root.glob("gen-*"):
            if path not in keep:
                shutil.rmtree(path, ignore_errors=True)
                self._opened.pop(str(path), None)

    # --- what the app records beside a generation -----------------------------------------------------------
    def read_meta(self, directory: Path | None = None) -> dict:
        """The values recorded with a generation (default: the current one); {} when none were."""
        directory = directory or self.current_dir()
        try:
            return json.loads((directory / META).read_text())
        except (OSError, TypeError, ValueError):
            return {}

    def write_meta(self, values: dict, directory: Path | None = None) -> None:
        """Record values with a generation (default: the current one), replacing the file atomically: a crash
        leaves the old values or the new, never half a file."""
        directory = directory or self.current_dir()
        temporary = directory / f".{META}.{os.getpid()}.{threading.get_ident()}"
        temporary.write_text(json.dumps({**self.read_meta(directory), **values}))
        os.replace(temporary, directory / META)

    def stored_count(self) -> int:
        """Live documents in the index on disk now (0 without one), without building this process's snapshot."""
        return self.open().doc_count() if self.exists() else 0

    # --- reading --------------------------------------------------------------------------------------------
    def versions(self) -> dict[int, str]:
        """{listing id: version} of every live document, for reconcile."""
        snap = self._fresh_snapshot()
        live = bitsets.Membership(snap.live)
        found = {}
        for (reader, offset), (data, _) in zip(snap.readers(), snap.segments):
            versions = segment_arrays.versions(reader)
            found.update((data.ids[local], versions[local]) for local in range(data.size) if local + offset in live)
        return found

    def document_count(self) -> int:
        """How many live documents the index holds (the operators' metric of index against database)."""
        return self._fresh_snapshot().live.bit_count()

    def invalidate(self) -> None:
        """Forget everything read from the files (the snapshot, open index objects, per-segment data), so the
        next snapshot reads them as they are now and checks every segment's checksum."""
        with self._lock:
            self._snapshot = None
            self._opened.clear()
            self._segment_cache.clear()

    def refresh_in_background(self, interval: float = 0.5) -> None:
        """Keep this process's snapshot fresh from a daemon thread, so requests never pay for opening the
        searcher or building bitsets after another process changed the index (at 100,000 listings a merged
        segment takes seconds). Requests then use the latest warm snapshot, at most `interval` seconds old."""
        self.refresh_interval = interval
        if self._refresher_pid == os.getpid():
            return
        self._refresher_pid = os.getpid()  # a forked worker starts its own thread on its first search
        threading.Thread(target=self._refresh_forever, name="search-index-refresh", daemon=True).start()

    def _refresh_forever(self) -> None:
        while True:
            try:
                if self._snapshot is None and not self.exists():  # nothing to warm yet; never create one here
                    time.sleep(self.refresh_interval)
                    continue
                before = id(self._snapshot)
                snap = self._fresh_snapshot(warm=True)  # built and warmed beside the requests, then swapped in
                if id(snap) != before:
                    del snap  # requests in flight finish with the old version, then nothing holds it
                    resources.return_freed()
            except Exception:  # keep serving the last good snapshot; try again shortly
                log.exception("Search index refresh failed")
            time.sleep(self.refresh_interval)

    def warm(self) -> None:
        """Build and warm this process's snapshot now, if there is an index: a server calls it before a new worker
        takes requests, so none waits for it (about 2 s at 100,000 listings)."""
        if self._snapshot is not None or self.exists():
            self._fresh_snapshot(warm=True)

    def snapshot(self) -> Snapshot:
        """The warm snapshot of the current index (refreshed first if it changed, unless a background thread in
        this process keeps it fresh)."""
        if self._refresher_pid is not None and self._snapshot is not None:
            if self._refresher_pid == os.getpid():
                return self._snapshot
            self.refresh_in_background(self.refresh_interval)
        return self._fresh_snapshot()

    def _fresh_snapshot(self, attempts: int = 5, warm: bool = False) -> Snapshot:
        # Another process's commit may delete the files of segments it merged away between our reading the table
        # of contents and opening those segments: read the table of contents again and retry.
        for attempt in range(attempts):
            try:
                return self._open_snapshot(warm)
            except OSError:
                if attempt == attempts - 1:
                    raise
                self._opened.clear()
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def _open_snapshot(self, warm: bool = False) -> Snapshot:
        """The snapshot of the index as it is now: the current one, or a new one built (and with `warm`, warmed:
        speller, map grid, recently searched words) before it replaces the current one, so that no request
        pays for a new version."""
        directory = self.current_dir()
        ix = self._opened.get(str(directory)) if directory is not None else None
        if ix is None:
            ix = self.open()
            directory = self.current_dir()
        generation = (str(directory), ix.latest_generation())
        snap = self._snapshot
        if snap is not None and snap.generation == generation:
            return snap
        with self._lock:
            snap = self._snapshot
            if snap is not None and snap.generation == generation:
                return snap
            # A new searcher rather than Searcher.refresh(): refresh reuses segment readers that still carry the
            # old deletions, so a deleted document would stay visible. Per-segment bitsets are reused anyway.
            with resources.requests_first(warm):  # warm: built beside requests, which get the interpreter lock first
                started = time.perf_counter()
                for segment_id in checksums.segment_ids(ix):  # before Whoosh reads a segment new to this process
                    if (generation[0], segment_id) not in self._segment_cache:
                        checksums.check(Path(generation[0]), segment_id)
                searcher = ix.searcher()
                fresh = self._build_snapshot(searcher, (generation[0], searcher.reader().generation()))
                built = time.perf_counter()
                if warm:
                    _warm(fresh, previous=snap)
                    _log_swap(fresh, started, built)
            self._snapshot = fresh
            for other in [key for key in self._opened if key != generation[0]]:  # a replaced generation
                del self._opened[other]
            return fresh

    def _build_snapshot(self, searcher, generation: tuple) -> Snapshot:
        segments, ids, live_parts, offset = [], array("q"), 0, 0
        seen = set()
        for reader, offset in searcher.reader().leaf_readers():
            segment = reader.segment()
            if segment is None:  # an empty index has a reader without segments
                continue
            key = (generation[0], segment.segment_id()) if segment is not None else None
            data = self._segment_cache.get(key) if key else None
            if data is None:
                data = sidecars.segment_data(Path(generation[0]), reader)  # stored at commit; computed if unsound
                if key:
                    self._segment_cache[key] = data
            seen.add(key)
            segments.append((data, offset))
            ids.extend(data.ids)
            local_live = bitsets.all_of(data.size)
            if segment is not None and segment.has_deletions():
                local_live &= ~bitsets.from_docnums(segment.deleted_docs(), data.size)
            live_parts |= local_live << offset
        for key in list(self._segment_cache):
            if key not in seen:
                del self._segment_cache[key]
        return Snapshot(searcher=searcher, generation=generation, size=len(ids), live=live_parts, ids=ids,
                        masks=_combined_masks(segments), segments=segments)


def _write_all(ix, documents: Iterable[tuple[int, str, dict]], procs: int, report, total: int | None) -> int:
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


def _warm(snap: Snapshot, previous: Snapshot | None) -> None:
    """Build what the first searches of a new version would otherwise build on the request path."""
    try:
        for warmer in WARMERS:  # e.g. the speller and the venue grid (registered by service.py)
            warmer(snap)
        _ = snap.venue_bits
        snap.warm_terms_from(previous)
    except Exception:  # a version that could not be warmed is still correct: swap it in, cold
        log.exception("Warming a new search index version failed")


def _log_swap(snap: Snapshot, started: float, built: float) -> None:
    """One line per version a process swaps in, for operators and bench/swap_bench.py (which finds from it when
    each worker was building)."""
    directory, version = snap.generation
    log.info("Search index %s version %s swapped in by process %d: built in %.0f ms, warmed in %.0f ms",
             Path(directory).name, version, os.getpid(), (built - started) * 1000, (time.perf_counter() - built) * 1000)


def _combined_masks(segments: list[tuple[SegmentData, int]]) -> dict[str, dict[str, int]]:
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


def _versions_in(searcher, ids: Iterable[int]) -> dict[int, str]:
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


def _changed_only(searcher, updates: list, deletions: list) -> tuple[list, list]:
    have = _versions_in(searcher, [listing_id for listing_id, _, _ in updates] + deletions)
    return ([update for update in updates if have.get(update[0]) != update[1]],
            [listing_id for listing_id in deletions if listing_id in have])


def _abandon(writer) -> None:
    """Give up a writer whose update or commit failed, always releasing the index's write lock: a lock left held
    would make every later writer in this process wait for WRITE_TIMEOUT and fail."""
    try:
        writer.cancel()
    except Exception:
        log.exception("Cancelling a failed search index writer failed")
    finally:
        lock = getattr(writer, "writelock", None)
        if lock is not None:
            try:
                lock.release()
            except Exception:  # already released by cancel()
                pass


# Functions of a snapshot that the background refresher calls after each refresh (registered by service.py).
WARMERS: list = []
# Functions of (generation directory, Whoosh index) called by the process that committed a new version, once per
# version, to store what every worker would otherwise derive for itself (the "did you mean" words: corrections.py).
AFTER_COMMIT: list = [sidecars.store_all]


def _after_commit(directory: Path, ix) -> None:
    for hook in AFTER_COMMIT:
        try:
            hook(directory, ix)
        except Exception:  # derived extras: each worker can still make its own
            log.exception("Storing %s for a new index version failed", getattr(hook, "__name__", hook))

_indexes: dict[str, SearchIndex] = {}
_registry_lock = threading.Lock()


def index_at(root: str | os.PathLike) -> SearchIndex:
    """The one SearchIndex object per directory in this process."""
    key = os.path.realpath(root)
    with _registry_lock:
        if key not in _indexes:
            _indexes[key] = SearchIndex(key)
        return _indexes[key]
