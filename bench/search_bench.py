"""Search benchmark: build an index of N synthetic listings and time the query mix through `search()`.

    .venv/bin/python bench/search_bench.py --n 10000            (make bench runs this with the defaults)
    .venv/bin/python bench/search_bench.py --stack --n 10000    (the whole site under gunicorn: bench/stack.py)

Prints build time, index size, searcher-open time, p50/p95/max latency for each kind of query, and the time from
publishing a listing to finding it. Figures and the machine they came from are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import document, documents
from directory import taxonomy
from directory.listings.coverage import coverage_counts
from directory.listings.routes import Where, step_results
from directory.search import SearchIndex, search

KEYWORDS = [
    "laboratory technician",
    "apprenticeship",
    "genomics",
    "data science",
    "bootcamp",
    "NHS",
    "HTQ",
    "pharmacy",
    "quality control",
    "cell therapy",
    "biomedical scientist",
    "T Level",
    "clinical trials",
    "manufacturing",
    "regulatory",
    "lab Manchester",
    "B15 2TT apprenticeship",
    "bioinformatics",
    "science communicator",
    "medical devices",
]
# Residents' own words: misspellings (searched corrected when nothing matches), everyday phrases, a place in the words.
EVERYDAY = [
    "apprentiship",
    "labratory technician",
    "lab tech",
    "retrain",
    "school leaver",
    "free bootcamp",
    "how to get into science",
    "biotech Cambridge",
    "part time",
    "reading",
    "paid while you learn",
    "genomcs Leeds",
]
FILTERABLE = ["region", "type", "level", "audience", "delivery", "cost", "topic"]
PLACES = ["Glasgow", "G12 8QQ", "Cardiff", "Belfast", "B15 2TT", "M13 9PL", "Liverpool", "CB2 0QQ", "LS2", "London"]
BROWSE_REGIONS = ["scotland", "wales", "northern-ireland", "london", "north-west", "west-midlands", "south-east"]
# /coverage's filters (audience and topic) and /routes' locations (a place or postcode, a region, or none).
COVERAGE_FILTERS = [
    {},
    {"audience": ["adults"]},
    {"topic": ["genomics"]},
    {"audience": ["career-changers", "unemployed"], "topic": ["laboratory-science"]},
]


def random_filters(rng: random.Random, count: int = 2) -> dict[str, list[str]]:
    filters = {}
    for name in rng.sample(FILTERABLE, count):
        filters[name] = rng.sample(taxonomy.LISTING_FACETS[name].codes(), rng.randint(1, 2))
    return filters


def query_mix(rng: random.Random, repeat: int) -> dict[str, list[dict]]:
    mix = {
        "keyword only": [],
        "keyword + 2 filters": [],
        "keyword + filters + all facet counts": [],
        "browse-all with facet counts": [],
        "deep page (page 50) with facets": [],
        "keyword + location + filters + all facets": [],
        "browse by region with facets": [],
        "place, within 25 miles, by distance": [],
        "distance sort of all matches (London)": [],
        "everyday words + all facet counts": [],
        "/coverage: region x type and region x level": [],
        "/routes: 8 step searches for a location": [],
    }
    for _ in range(repeat):
        keyword = rng.choice(KEYWORDS)
        filters = random_filters(rng)
        mix["keyword only"].append({"query": keyword, "with_facets": False})
        mix["keyword + 2 filters"].append({"query": keyword, "filters": filters, "with_facets": False})
        mix["keyword + filters + all facet counts"].append({"query": keyword, "filters": filters})
        mix["browse-all with facet counts"].append({"query": "", "filters": rng.choice([{}, random_filters(rng, 1)])})
        mix["deep page (page 50) with facets"].append({"query": rng.choice(["", keyword]), "page": 50})
        place = rng.choice(PLACES)
        mix["keyword + location + filters + all facets"].append(
            {"query": keyword, "place": place, "filters": random_filters(rng, 1)}
        )
        mix["browse by region with facets"].append({"query": "", "filters": {"region": [rng.choice(BROWSE_REGIONS)]}})
        mix["place, within 25 miles, by distance"].append(
            {"query": rng.choice(["", keyword]), "place": place, "distance": 25, "sort": "distance"}
        )
        mix["distance sort of all matches (London)"].append(
            {
                "query": "",
                "place": rng.choice(["N1C 4AG", "SE1 7EH", "E14 5AB"]),
                "sort": "distance",
                "with_facets": False,
            }
        )
        mix["everyday words + all facet counts"].append({"query": rng.choice(EVERYDAY)})
        # The functions the two pages call, in-process (call= replaces search for these scenarios).
        mix["/coverage: region x type and region x level"].append(
            {"call": coverage_counts, "filters": rng.choice(COVERAGE_FILTERS)}
        )
        mix["/routes: 8 step searches for a location"].append(
            {
                "call": step_results,
                "where": rng.choice([Where(place=place), Where(region=rng.choice(BROWSE_REGIONS)), Where()]),
            }
        )
    return mix


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def time_queries(index: SearchIndex, queries: list[dict], cold: bool) -> dict:
    timings, cpu = [], []
    for arguments in queries:
        if cold:  # forget cached term bitsets, so every query pays for reading its postings
            index.snapshot().term_cache.clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        call = arguments.get("call", search)
        call(index=index, **{name: value for name, value in arguments.items() if name != "call"})
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    # CPU time per query as well: on a shared, overloaded machine wall time mostly measures the neighbours.
    return {
        "p50": percentile(timings, 0.5),
        "p95": percentile(timings, 0.95),
        "max": max(timings),
        "cpu_p50": percentile(cpu, 0.5),
        "cpu_p95": percentile(cpu, 0.95),
    }


def publish_to_searchable(index: SearchIndex, n: int, tries: int = 5) -> list[float]:
    timings = []
    rng = random.Random(7)
    for attempt in range(tries):
        doc = document(n + attempt + 1, rng)
        word = f"zebrafish{attempt}q"
        doc["title"] = f"{doc['title']} {word}"
        started = time.perf_counter()
        index.write([(n + attempt + 1, "bench", doc)])
        while n + attempt + 1 not in search(word, index=index).ids:
            time.sleep(0.005)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def directory_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def machine() -> str:
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else ""
    )
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory:.0f} GB RAM, Python {platform.python_version()}, {platform.system()}"
    )


def main() -> None:
    if "--stack" in sys.argv[1:]:
        from bench import stack

        stack.main([argument for argument in sys.argv[1:] if argument != "--stack"])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of synthetic listings")
    parser.add_argument("--procs", type=int, default=2, help="writer processes for the build")
    parser.add_argument("--repeat", type=int, default=60, help="queries of each kind")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", help="build the index here and keep it (e.g. for the wrk run)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="search-bench-"))
    figures = {"n": args.n, "procs": args.procs, "machine": machine(), "load_before": os.getloadavg()}
    print(f"machine: {figures['machine']}; load average {figures['load_before'][0]:.2f}")
    docs = list(documents(args.n, seed=args.seed))
    try:
        index = SearchIndex(root)
        cpu_before = _cpu_seconds()
        started = time.perf_counter()
        index.rebuild(docs, procs=args.procs, warm=False)
        figures["build_seconds"] = time.perf_counter() - started
        # CPU time of this process and its writer processes: on a busy shared machine the wall-clock time
        # depends on the neighbours, this does not (an idle machine needs about cpu / procs of wall time).
        figures["build_cpu_seconds"] = _cpu_seconds() - cpu_before
        figures["index_mb"] = directory_size(index.current_dir()) / 2**20
        fresh = SearchIndex(root)  # as a new worker process would: open the searcher and build the bitsets
        started = time.perf_counter()
        fresh.snapshot()
        figures["open_seconds"] = time.perf_counter() - started
        print(
            f"build {figures['build_seconds']:.1f}s ({figures['build_cpu_seconds']:.1f} CPU-seconds) with "
            f"{args.procs} writer process(es); index "
            f"{figures['index_mb']:.0f} MB; open searcher + facet bitsets {figures['open_seconds'] * 1000:.0f} ms"
        )
        figures["london_distance_sort_matches"] = search(place="N1C 4AG", sort="distance", index=fresh).total
        mix = query_mix(random.Random(args.seed), args.repeat)
        for kind, queries in mix.items():
            time_queries(fresh, queries[:5], cold=False)  # warm the interpreter, not the term cache
            result = time_queries(fresh, queries, cold=True)
            figures[kind] = result
            print(
                f"{kind:44s} p50 {result['p50']:6.1f} ms  p95 {result['p95']:6.1f} ms  max {result['max']:6.1f} ms"
                f"  (CPU p50 {result['cpu_p50']:5.1f} ms, p95 {result['cpu_p95']:5.1f} ms)"
            )
        timings = publish_to_searchable(fresh, args.n)
        figures["publish_to_searchable_ms"] = timings
        print(f"publish-to-searchable: median {statistics.median(timings):.0f} ms, max {max(timings):.0f} ms")
        figures["load_after"] = os.getloadavg()
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
