"""What "did you mean" costs a web worker after an index change: building the speller from the index's words (what
every worker did before issue 11) against loading the one the writer stored beside the index (what it does now).

    .venv/bin/python bench/speller_cost.py --n 10000

Builds an index of synthetic listings (bench/generate.py) in a temporary directory, commits one more listing (a new
index version, whose speller the committing process stores), then times each way over --repeat fresh snapshots.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import documents
from directory.search import corrections
from directory.search.engine import SearchIndex
from directory.search.spelling import Speller, _known_filed


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    index = SearchIndex(tempfile.mkdtemp(prefix="speller-cost-"))
    started = time.perf_counter()
    generated = list(documents(args.n + 1))
    index.rebuild(generated[:-1], warm=False)
    print(f"{args.n} synthetic listings indexed in {time.perf_counter() - started:.1f}s")
    started = time.perf_counter()
    index.write([generated[-1]], refresh=False)  # a new version; this process stores its speller
    print(f"one listing committed, its version's speller stored, in {(time.perf_counter() - started) * 1000:.0f} ms")
    _known_filed()  # filed once per process either way
    snap = index.snapshot()

    def build():
        Speller(corrections._words(snap.searcher.reader()))

    def load():
        snap.speller = None
        corrections.speller(snap)

    for name, function in (("built from the index's words", build), ("loaded from the stored file", load)):
        times = timed(function, args.repeat)
        print(f"speller {name}: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms")
    print(f"load average {' '.join(f'{n:.2f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
