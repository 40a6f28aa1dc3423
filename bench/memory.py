"""What search costs a web process in memory: RSS after importing the app, after opening an index (snapshot and
bitsets), after its warmers (speller, venue grid), and after a set of searches with every sort and a distance sort.
Then, as when a new index version is swapped in: a second snapshot built, warmed and swapped in beside the first
while a thread that wakes every millisecond (standing in for a request) records the longest it was kept waiting,
the peak RSS meanwhile, and RSS once the first is released.

    .venv/bin/python bench/search_bench.py --n 100000 --keep /tmp/idx100k     (or any index directory)
    .venv/bin/python bench/memory.py /tmp/idx100k [--trace]

--trace adds the largest allocations by line (tracemalloc: slow, and it adds its own overhead to RSS).
"""

from __future__ import annotations

import argparse
import gc
import sys
import threading
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUERIES = ["laboratory", "apprenticeship", "", "genomics", "bootcamp Manchester"]
SORTS = ["relevance", "title", "newest", "start"]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Stalls(threading.Thread):
    """Wakes every millisecond and records the longest gap between wakings, and the peak RSS."""

    def __init__(self):
        super().__init__(daemon=True)
        self.done, self.longest, self.peak = threading.Event(), 0.0, 0.0

    def run(self) -> None:
        last = time.perf_counter()
        while not self.done.is_set():
            time.sleep(0.001)
            now = time.perf_counter()
            self.longest, last = max(self.longest, now - last), now
            self.peak = max(self.peak, rss_mb())


def swap_in(index, app_only: float) -> None:
    from directory.search import resources
    from directory.search.snapshot import warm

    gc.freeze()  # as deploy/gunicorn.conf.py does once a worker has loaded the app
    old = index.snapshot()
    index._segment_cache.clear()  # as for a rebuilt index: every segment new
    index._snapshot, index._opened = None, {}
    stalls = Stalls()
    stalls.start()
    started = time.perf_counter()
    with resources.requests_first():  # as the worker's refresher builds a version (engine._open_snapshot)
        new = index._fresh_snapshot(warm=False)
        warm(new, previous=old)
    built = time.perf_counter() - started
    stalls.done.set()
    stalls.join()
    print(
        f"a new version built and warmed beside the old in {built:.2f} s: peak RSS {stalls.peak:.0f} MB; "
        f"longest a 1 ms timer thread waited meanwhile {stalls.longest * 1000:.0f} ms"
    )
    del old
    resources.return_freed()
    print(f"the old version released: RSS {rss_mb():.0f} MB (+{rss_mb() - app_only:.0f} for search)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", help="an index directory (SEARCH_INDEX_DIR)")
    parser.add_argument("--trace", action="store_true", help="list the largest allocations (tracemalloc)")
    args = parser.parse_args()
    from directory import create_app
    from directory.search import index_at, search
    from directory.search.snapshot import WARMERS

    # The whole app, as a gunicorn worker has it, but without its background refresher, so that each step below
    # is this script's own.
    create_app({"SEARCH_INDEX_DIR": args.index, "SEARCH_RECONCILE_ON_START": False, "SEARCH_BACKGROUND_REFRESH": False})
    app_only = rss_mb()
    print(f"app imported: RSS {app_only:.0f} MB")
    if args.trace:
        tracemalloc.start(3)
    index = index_at(args.index)
    started = time.perf_counter()
    snap = index.snapshot()
    print(
        f"snapshot opened in {time.perf_counter() - started:.2f} s: RSS {rss_mb():.0f} MB "
        f"(+{rss_mb() - app_only:.0f}); {snap.live.bit_count():,} documents"
    )
    for warmer in WARMERS:
        warmer(snap)
    del snap  # from here only the index holds it, as in a worker
    print(f"after the warmers (speller, venue grid): RSS {rss_mb():.0f} MB (+{rss_mb() - app_only:.0f})")
    for query in QUERIES:
        for sort in SORTS:
            search(query, sort=sort, index=index, per_page=50)
    search(place="N1C 4AG", sort="distance", index=index)
    searches = len(QUERIES) * len(SORTS) + 1
    print(f"after {searches} searches: RSS {rss_mb():.0f} MB (+{rss_mb() - app_only:.0f} for search)")
    swap_in(index, app_only)
    if args.trace:
        for stat in tracemalloc.take_snapshot().statistics("traceback")[:15]:
            where = " < ".join(f"{Path(frame.filename).name}:{frame.lineno}" for frame in stat.traceback)
            print(f"{stat.size / 2**20:8.1f} MB {stat.count:9,d} blocks  {where}")


if __name__ == "__main__":
    main()
