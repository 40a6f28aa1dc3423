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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.writing import LockError

from directory.search import bitsets, checksums
from directory.search.schema import FACET_FIELDS, decode_points, listing_version, make_schema, to_fields

log = logging.getLogger(__name__)


def _remember_missing_length_columns() -> None:
    """Whoosh 2.7 looks for a field-length column file on disk for every posting of a field without lengths
    (our unscored fields), because it caches only columns that exist: one stat() per posting, about 40% of the
    build. A finished segment's files never change, so remembering "absent" too is safe."""
    from whoosh.codec import whoosh3

    original = whoosh3.W3PerDocReader._cached_reader
    if getattr(original, "remembers_missing", False):
        return

    def cached_reader(self, fieldname, column):
        if fieldname not in self._readers:
            self._readers[fieldname] = original(self, fieldname, column)
        return self._readers[fieldname]

    cached_reader.remembers_missing = True
    whoosh3.W3PerDocReader._cached_reader = cached_reader


_remember_missing_length_columns()


def _segment_ids_from_os_randomness() -> None:
    """Whoosh names each new segment with the `random` module. Anything that seeds that module (Hypothesis does,
    for every example; so might a worker that forks with the parent's state) makes two writers pick the same
    name, and the second commit fails on the first's files. Segment names come from os.urandom instead."""
    from whoosh.codec.base import Segment

    if getattr(Segment._random_id, "uses_os_randomness", False):
        return
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

    def random_id(cls, size=16):
        return "".join(alphabet[byte % len(alphabet)] for byte in os.urandom(size))

    random_id.uses_os_randomness = True
    Segment._random_id = classmethod(random_id)


_segment_ids_from_os_randomness()

CURRENT = "current"
META = "meta.json"         # beside a generation's Whoosh files: what the app records about it (e.g. changes applied)
WRITE_TIMEOUT = 60.0       # seconds a writer waits for another process's lock before giving up
BUILD_POOL_MB = 1024       # memory per writer process for a full build's postings before spilling to disk
MAX_SEGMENTS = 8           # above this many segments a commit also merges the small ones
PROGRESS_STEP = 250        # documents between progress reports during a rebuild
_INVERT = bytes(range(255, -1, -1))  # maps each byte b to 255 - b
FREQUENT_FRACTION = 0.02   # words in at least 2% of a segment's documents get their bitsets built with it
FREQUENT_MIN_DOCS = 200
TERM_CACHE_SIZE = 5000     # term bitsets kept per index version
SORT_KEYS = ("title", "newest", "start")
_COLUMN_FOR_SORT = {"title": ("title_key", False), "newest": ("published_key", True), "start": ("start_key", False)}


@dataclass
class SegmentData:
    """What one immutable segment contributes: facet bitsets, listing ids and sort orders (local docnums)."""

    size: int
    ids: list[int]
    masks: dict[str, dict[str, int]]
    orders: dict[str, list[tuple[bytes, int]]]
    keys: dict[str, list[bytes]]
    versions: list[str]
    frequent: dict[tuple[str, str], int]
    points: list[tuple[tuple[float, float], ...] | None] = field(default_factory=list)  # venues per document


@dataclass
class Snapshot:
    """One version of the index, ready to answer queries: the searcher and the bitsets built for it."""

    searcher: object
    generation: tuple
    size: int
    live: int
    ids: list[int]
    masks: dict[str, dict[str, int]]
    segments: list[tuple[SegmentData, int]] = field(default_factory=list)
    term_cache: dict[tuple[str, str], int] = field(default_factory=dict)
    keys: dict[str, list[bytes]] = field(default_factory=dict)
    speller: object = None
    _points: list | None = None
    _venue_bits: int | None = None
    grid: dict | None = None           # venue bitsets per map cell, built by locality.py on first distance search

    @property
    def points(self) -> list[tuple[tuple[float, float], ...] | None]:
        """Each document's venue points (None without venues), by global docnum; built on first use."""
        if self._points is None:
            self._points = [p for data, _ in self.segments for p in (data.points or [None] * data.size)]
        return self._points

    @property
    def venue_bits(self) -> int:
        """The live documents with at least one venue point."""
        if self._venue_bits is None:
            points = self.points
            self._venue_bits = bitsets.from_docnums(
                (n for n, p in enumerate(points) if p), self.size) & self.live
        return self._venue_bits

    def order(self, sort: str) -> Iterator[int]:
        """Global docnums in the given sort order (lazily merged from each segment's sorted list)."""
        streams = [_shifted(data.orders[sort], offset) for data, offset in self.segments]
        return (docnum for _, docnum in heapq.merge(*streams))

    def readers(self) -> list:
        return [(reader, offset) for reader, offset in self.searcher.reader().leaf_readers()
                if reader.segment() is not None]

    def sorted_docnums(self, docnums: list[int], sort: str, limit: int) -> list[int]:
        """The first `limit` of `docnums` in the sort order (ties in docnum order)."""
        keys = self.keys.get(sort)
        if keys is None:
            keys = self.keys[sort] = [key for data, _ in self.segments for key in data.keys[sort]]
        return heapq.nsmallest(limit, docnums, key=lambda docnum: (keys[docnum], docnum))

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
            if len(self.term_cache) > TERM_CACHE_SIZE:
                self.term_cache.clear()
            self.term_cache[key] = bits
        return bits

    def listing_ids(self, docnums: Iterable[int]) -> list[int]:
        ids = self.ids
        return [ids[docnum] for docnum in docnums]


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
        ids.extend(matcher._ids[matcher._i:])
        matcher._next_block()
    return ids


def _shifted(pairs: list[tuple[bytes, int]], offset: int) -> Iterator[tuple[bytes, int]]:
    return ((key, docnum + offset) for key, docnum in pairs)


def _segment_data(reader) -> SegmentData:
    size = reader.doc_count_all()
    masks = {}
    for name in FACET_FIELDS:
        masks[name] = {}
        if name not in reader.schema:  # an index built before the field existed: `flask index rebuild` adds it
            continue
        for value in reader.lexicon(name):
            text = value.decode("utf-8") if isinstance(value, bytes) else value
            masks[name][text] = bitsets.from_docnums(posting_ids(reader, name, value), size)
    ids = [int(value) if value else 0 for value in reader.column_reader("id_column")]
    orders, sort_keys = {}, {}
    for sort, (column, descending) in _COLUMN_FOR_SORT.items():
        keys = list(reader.column_reader(column))
        if descending:  # heapq.merge wants ascending keys, so newest-first uses inverted bytes
            keys = [key.translate(_INVERT) + b"\xff" for key in keys]
        sort_keys[sort] = keys
        orders[sort] = sorted((key, n) for n, key in enumerate(keys))
    versions = [listing_version(value.decode()) for value in reader.column_reader("version")]
    points = ([decode_points(value) for value in reader.column_reader("venues")]
              if "venues" in reader.schema else [None] * size)
    return SegmentData(size=size, ids=ids, masks=masks, orders=orders, keys=sort_keys, versions=versions,
                       frequent=_frequent_terms(reader, size), points=points)


def _frequent_terms(reader, size: int) -> dict[tuple[str, str], int]:
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
            whoosh_index.create_in(str(directory), make_schema())
            if not self.exists():  # another process may have made one meanwhile: keep theirs
                self._point_current_at(directory)
            else:
                shutil.rmtree(directory, ignore_errors=True)

    def _index(self, directory: Path):
        key = str(directory)
        if key not in self._opened:
            self._opened[key] = whoosh_index.open_dir(key)
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
        ix = whoosh_index.create_in(str(directory), make_schema())
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
        checksums.record(ix)
        report("Writing segments", 1, 1)
        self.write_meta(meta or {}, directory)
        _after_commit(directory, whoosh_index.open_dir(str(directory)))
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
        return {data.ids[local]: data.versions[local] for data, offset in snap.segments
                for local in range(data.size) if local + offset in live}

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
                snap = self._fresh_snapshot()
                for warm in WARMERS:  # e.g. the speller, so no request builds it after an index change
                    warm(snap)
            except Exception:  # keep serving the last good snapshot; try again shortly
                log.exception("Search index refresh failed")
            time.sleep(self.refresh_interval)

    def snapshot(self) -> Snapshot:
        """The warm snapshot of the current index (refreshed first if it changed, unless a background thread in
        this process keeps it fresh)."""
        if self._refresher_pid is not None and self._snapshot is not None:
            if self._refresher_pid == os.getpid():
                return self._snapshot
            self.refresh_in_background(self.refresh_interval)
        return self._fresh_snapshot()

    def _fresh_snapshot(self, attempts: int = 5) -> Snapshot:
        # Another process's commit may delete the files of segments it merged away between our reading the table
        # of contents and opening those segments: read the table of contents again and retry.
        for attempt in range(attempts):
            try:
                return self._open_snapshot()
            except OSError:
                if attempt == attempts - 1:
                    raise
                self._opened.clear()
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def _open_snapshot(self) -> Snapshot:
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
            searcher = ix.searcher()
            self._snapshot = self._build_snapshot(searcher, (generation[0], searcher.reader().generation()))
            return self._snapshot

    def _build_snapshot(self, searcher, generation: tuple) -> Snapshot:
        segments, ids, live_parts, offset = [], [], 0, 0
        seen = set()
        for reader, offset in searcher.reader().leaf_readers():
            segment = reader.segment()
            if segment is None:  # an empty index has a reader without segments
                continue
            key = (generation[0], segment.segment_id()) if segment is not None else None
            data = self._segment_cache.get(key) if key else None
            if data is None:
                checksums.check(Path(generation[0]), segment.segment_id())
                data = _segment_data(reader)
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
        masks: dict[str, dict[str, int]] = {name: {} for name in FACET_FIELDS}
        for data, offset in segments:
            for name, values in data.masks.items():
                target = masks[name]
                for value, bits in values.items():
                    target[value] = target.get(value, 0) | (bits << offset)
        return Snapshot(searcher=searcher, generation=generation, size=len(ids), live=live_parts, ids=ids,
                        masks=masks, segments=segments)


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
AFTER_COMMIT: list = []


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
