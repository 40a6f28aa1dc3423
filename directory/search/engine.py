"""The index as a whole: where it lives on disk, its lifecycle (create, write, rebuild, swap) and this process's
warm snapshot of it.

Layout: SEARCH_INDEX_DIR/current is a symlink to the generation directory in use (gen-<ns>). A rebuild writes a
new generation and swaps the link atomically, so searches keep working during a rebuild. Writing one commit is
writing.py's job; what a version of the index looks like in memory is snapshot.py's.

Each process opens one searcher per index and keeps it (reopening per request cost ~270 ms at 100k); it refreshes
when the index changed, reusing per-segment facet bitsets, so a single-document commit costs only the new segment.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from whoosh import index as whoosh_index

from directory.search import bitsets, checksums, resources, storage, writing
from directory.search import segments as segment_arrays
from directory.search import snapshot as snapshots
from directory.search.schema import make_schema
from directory.search.segments import SegmentData
from directory.search.snapshot import Snapshot

log = logging.getLogger(__name__)

CURRENT = "current"
META = "meta.json"  # beside a generation's Whoosh files: what the app records about it (e.g. changes applied)
T = TypeVar("T")


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
        """Whether the current generation holds an index: a table of contents is there. (Opening the index to
        find out, as Whoosh's exists_in does, races with another process's commit, which deletes the table of
        contents it replaces.)"""
        directory = self.current_dir()
        return directory is not None and any(directory.glob(f"_{whoosh_index._DEF_INDEX_NAME}_*.toc"))

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

    # --- writing (writing.py does the work) ---------------------------------------------------------------------
    def write(
        self, updates: Iterable[tuple[int, str, dict]] = (), deletions: Iterable[int] = (), refresh: bool = True
    ) -> int:
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
        written, removed = writing.commit(self.open(), read, only_changed)
        if refresh and (written or removed):
            try:
                self._fresh_snapshot()  # this process sees its own change at once: publish-to-searchable includes it
            except Exception:  # the change is committed; the next search refreshes again
                log.exception("Search index refresh after a write failed")
        return written, removed

    def rebuild(
        self,
        documents: Iterable[tuple[int, str, dict]],
        procs: int = 1,
        warm: bool = True,
        progress=None,
        total: int | None = None,
        meta: dict | None = None,
    ) -> int:
        """Build a complete new index from `documents` in a new directory, then swap it in atomically.

        With warm, this process also opens the new index and builds its bitsets before returning. `progress`, if
        given, is called as progress(stage, done, total) (see directory/progress.py); `total` is the expected
        number of documents, for a bar with time left. `meta` is written into the new directory before the swap
        (see write_meta), so no reader ever sees the new index without it."""
        report = progress or (lambda stage, done, of: None)
        directory = self._new_generation_dir()
        with resources.lowered_priority():  # the web workers' requests come first; the build takes what is left
            ix = storage.create_in(directory, make_schema())
            count = writing.write_all(ix, documents, procs, report, total)
            checksums.record(ix)
            self.write_meta(meta or {}, directory)
            writing.after_commit(directory, storage.open_dir(directory))  # what workers load: part of the build
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
        for (reader, offset), (data, _) in zip(snap.readers(), snap.segments, strict=False):
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

    def with_snapshot(self, run: Callable[[Snapshot], T]) -> T:
        """run(snapshot) on the warm snapshot, once more on a fresh one if another process merged away segment
        files this snapshot still used."""
        try:
            return run(self.snapshot())
        except OSError:
            self.invalidate()
            return run(self.snapshot())

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
                fresh = snapshots.build(searcher, (generation[0], searcher.reader().generation()), self._segment_cache)
                built = time.perf_counter()
                if warm:
                    snapshots.warm(fresh, previous=snap)
                    _log_swap(fresh, started, built)
            self._snapshot = fresh
            for other in [key for key in self._opened if key != generation[0]]:  # a replaced generation
                del self._opened[other]
            return fresh


def _log_swap(snap: Snapshot, started: float, built: float) -> None:
    """One line per version a process swaps in, for operators and bench/swap_bench.py (which finds from it when
    each worker was building)."""
    directory, version = snap.generation
    log.info(
        "Search index %s version %s swapped in by process %d: built in %.0f ms, warmed in %.0f ms",
        Path(directory).name,
        version,
        os.getpid(),
        (built - started) * 1000,
        (time.perf_counter() - built) * 1000,
    )


_indexes: dict[str, SearchIndex] = {}
_registry_lock = threading.Lock()


def index_at(root: str | os.PathLike) -> SearchIndex:
    """The one SearchIndex object per directory in this process."""
    key = os.path.realpath(root)
    with _registry_lock:
        if key not in _indexes:
            _indexes[key] = SearchIndex(key)
        return _indexes[key]


# How to find the index when a caller names none: set by the app that runs the engine (the listings side reads
# its SEARCH_INDEX_DIR), and called at each use so that every app in a process searches its own index.
_default_index: Callable[[], SearchIndex | str | os.PathLike] | None = None


def use_default_index(find: Callable[[], SearchIndex | str | os.PathLike]) -> None:
    """Set how search(), search_ids() and crosstab() find the index when not given one."""
    global _default_index
    _default_index = find


def resolve_index(index: SearchIndex | str | os.PathLike | None = None) -> SearchIndex:
    """The index a call means: a SearchIndex as given, one for a directory, or (None) the default the app set."""
    if index is None:
        if _default_index is None:
            raise RuntimeError("No search index given and no default set (see use_default_index)")
        index = _default_index()
    return index if isinstance(index, SearchIndex) else index_at(index)
