"""The whole stack under load: N synthetic listings in a scratch app database, the index built by `flask index
rebuild`, gunicorn with deploy/gunicorn.conf.py (2 workers), and a bounded load on each page the issue names.

    .venv/bin/python bench/stack.py --n 10000                 (or: bench/search_bench.py --stack --n 10000)
    .venv/bin/python bench/stack.py --n 100000 --only memory,rebuild --dir /tmp/stack100k

Prints one table: requests/s and p50/p95/p99 latency for each URL (URLs the site does not have are skipped), time
to first byte and total for the CSV download, each worker's memory (RSS from /proc, with its anonymous and
file-backed parts and PSS), and /search while `flask index rebuild` runs and while the workers swap the new
version in, with each worker's peak RSS meanwhile (`swap`: the same at a fixed rate, bench/swap_bench.py). Modules
named in HOOKS (e.g. bench/follower_lag.py, from the change-log work) are given the running stack and add their own
rows: see `run_hooks`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402
from bench.search_bench import machine  # noqa: E402

BIN = Path(sys.executable).parent
SEARCHES = [
    "/search?q=laboratory+technician&region=london",
    "/search?q=apprenticeship&type=apprenticeship",
    "/search?q=genomics&level=level-3",
    "/search?q=bootcamp+Manchester",
]
UNKNOWN_ID = "/api/v1/services/00000000-0000-4000-8000-000000000000"
# (row, paths rotated in turn, the status a right answer has)
PAGES = [
    ("/search with a query", SEARCHES, 200),
    ("/providers", ["/providers"], 200),
    ("/ (home)", ["/"], 200),
    ("/regions/london", ["/regions/london"], 200),
    ("/api/v1/services?per_page=50", ["/api/v1/services?per_page=50"], 200),
    ("/api/v1/services/<id>", ["{service}"], 200),
    ("/api/v1/services/<unknown id>", [UNKNOWN_ID], 404),
    ("/sitemap.xml", ["/sitemap.xml"], 200),
    ("/coverage", ["/coverage"], 200),
    ("/routes", ["/routes"], 200),
]
DOWNLOADS = [("/search.csv (no query)", "/search.csv"), ("/search.csv?q=laboratory", "/search.csv?q=laboratory")]
HOOKS = ("bench.follower_lag",)  # each: stack_rows(stack) -> list[Row]; absent modules are skipped
GROUPS = ("pages", "downloads", "memory", "rebuild", "swap", "hooks")


@dataclass
class Row:
    name: str
    rate: float | None = None  # requests/s
    p50: float | None = None  # milliseconds
    p95: float | None = None
    p99: float | None = None
    worst: float | None = None
    errors: int = 0  # responses with another status than the right one, and connection errors
    note: str = ""

    @classmethod
    def of(cls, name: str, result: load.LoadResult, expected: int = 200, note: str = "") -> Row:
        errors = sum(count for status, count in result.statuses().items() if status != expected)
        return cls(
            name,
            result.rate,
            result.percentile(0.5),
            result.percentile(0.95),
            result.percentile(0.99),
            result.percentile(1.0),
            errors,
            note,
        )


class Stack:
    """A scratch database and index directory, and gunicorn serving them on a free local port."""

    def __init__(self, n: int, organisations: int, directory: Path, database_url: str | None, workers: int):
        self.n, self.organisations, self.dir, self.workers = n, organisations, directory, workers
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "INSTANCE_DIR": str(directory),
            "DATABASE_URL": database_url or f"sqlite:///{directory / 'stack.sqlite3'}",
            "SEARCH_INDEX_DIR": str(directory / "index"),
            "SECRET_KEY": "bench-stack",
            "SEARCH_RECONCILE_ON_START": "0",
            "API_RATE_LIMIT": "100000000 per minute",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "PYTHONFAULTHANDLER": "1",
        }  # a worker that crashes leaves its threads' stacks in the log
        self.server: subprocess.Popen | None = None

    def flask(self, *arguments: str) -> float:
        """Run a flask command against the scratch app; the seconds it took."""
        started = time.perf_counter()
        with open(self.dir / "commands.log", "ab") as log:
            subprocess.run(
                [str(BIN / "flask"), "--app", "wsgi", *arguments],
                cwd=ROOT,
                env=self.env,
                check=True,
                stdout=log,
                stderr=log,
            )
        return time.perf_counter() - started

    def prepare(self) -> dict:
        """Migrate, fill and index (skipped when this directory already holds N listings)."""
        marker = self.dir / f"filled-{self.n}-{self.organisations}"
        if marker.exists():
            return {"reused": str(self.dir)}
        times = {"migrate_seconds": self.flask("db", "upgrade")}
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "fill_database.py"),
                "--n",
                str(self.n),
                "--organisations",
                str(self.organisations),
            ],
            cwd=ROOT,
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        times["fill_seconds"] = time.perf_counter() - started
        times["index_rebuild_seconds"] = self.flask("index", "rebuild", "--procs", "2")
        marker.touch()
        return times

    def start(self) -> None:
        log = open(self.dir / "gunicorn.log", "ab")  # noqa: SIM115 (gunicorn writes to it until stop())
        self.server = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "wsgi:app"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if load.get(self.base_url, "/healthz")[0] == 200 and len(self.worker_pids()) == self.workers:
                    load.run(self.base_url, SEARCHES, connections=self.workers * 2, seconds=3)  # warm both
                    return
            except OSError:
                pass
            if self.server.poll() is not None:
                raise RuntimeError(f"gunicorn exited: see {self.dir / 'gunicorn.log'}")
            time.sleep(0.25)
        raise RuntimeError("gunicorn did not answer /healthz within 120 s")

    def worker_pids(self) -> list[int]:
        if self.server is None:
            return []
        children = Path(f"/proc/{self.server.pid}/task/{self.server.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def stop(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.send_signal(signal.SIGTERM)
            try:
                self.server.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def memory_of(pid: int) -> dict[str, float]:
    """A process's memory in MB: RSS and its anonymous and file-backed parts (/proc/pid/status), and PSS (its
    share of pages other processes map too, /proc/pid/smaps_rollup)."""
    figures = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile"):
            figures[key] = int(value.split()[0]) / 1024
    rollup = Path(f"/proc/{pid}/smaps_rollup")
    if rollup.exists():
        for line in rollup.read_text().splitlines():
            if line.startswith("Pss:"):
                figures["Pss"] = int(line.split()[1]) / 1024
    return figures


def _memory_note(figures: dict[str, float]) -> str:
    return (
        f"RSS {figures.get('VmRSS', 0):.0f} MB (anonymous {figures.get('RssAnon', 0):.0f}, files "
        f"{figures.get('RssFile', 0):.0f}; PSS {figures.get('Pss', 0):.0f})"
    )


def _service_ids(stack: Stack, count: int = 20) -> list[str]:
    status, body = load.get(stack.base_url, f"/api/v1/services?per_page={count}")
    if status != 200:
        return []
    page = json.loads(body)
    return [item["id"] for item in page.get("contents", page.get("items", [])) if "id" in item]


def measure_pages(stack: Stack, args) -> list[Row]:
    rows = []
    services = [f"/api/v1/services/{service_id}" for service_id in _service_ids(stack)]
    for name, paths, expected in PAGES:
        paths = [p for path in paths for p in (services if path == "{service}" else [path])]
        if not paths:
            rows.append(Row(name, note="no service id to ask for: skipped"))
            continue
        status = load.get(stack.base_url, paths[0])[0]
        if status == 404 and expected != 404:
            rows.append(Row(name, note="not on this site (404): skipped"))
            continue
        load.run(stack.base_url, paths, args.connections, seconds=args.warmup)
        result = load.run(stack.base_url, paths, args.connections, seconds=args.seconds)
        rows.append(Row.of(name, result, expected, f"client CPU {result.client_cpu / result.duration:.0%}"))
        print(_format(rows[-1]), flush=True)
    return rows


def measure_downloads(stack: Stack, args) -> list[Row]:
    rows = []
    for name, path in DOWNLOADS:
        got = load.download(stack.base_url, path)
        rows.append(
            Row(
                name,
                errors=int(got.status != 200),
                note=f"first byte {got.first_byte * 1000:.0f} ms, total {got.total:.2f} s, {got.size / 2**20:.1f} MB",
            )
        )
        print(_format(rows[-1]), flush=True)
    return rows


def measure_memory(stack: Stack, args, when: str = "after the rows above") -> list[Row]:
    rows = [
        Row(f"memory, worker {n} (pid {pid}), {when}", note=_memory_note(memory_of(pid)))
        for n, pid in enumerate(stack.worker_pids(), start=1)
    ]
    for row in rows:
        print(_format(row), flush=True)
    return rows


class _Sampler(threading.Thread):
    """Each worker's RSS every 0.1 s: the peak per worker while it runs."""

    def __init__(self, stack: Stack):
        super().__init__(daemon=True)
        self.stack, self.peaks, self.done = stack, {}, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            for pid in self.stack.worker_pids():
                try:
                    rss = memory_of(pid)["VmRSS"]
                except (OSError, KeyError):  # a worker that was just replaced
                    continue
                self.peaks[pid] = max(self.peaks.get(pid, 0.0), rss)
            time.sleep(0.1)


def measure_rebuild(stack: Stack, args) -> list[Row]:
    """/search under load before, during `flask index rebuild --procs 2`, and while the workers swap the new
    version in (the `--swap-seconds` after the command ends); each worker's peak RSS over all of it."""
    stop, results = threading.Event(), []
    driver = threading.Thread(
        target=lambda: results.append(load.run(stack.base_url, SEARCHES, args.connections, seconds=3600, stop=stop)),
        daemon=True,
    )
    sampler = _Sampler(stack)
    sampler.start()
    load_started = time.perf_counter()
    driver.start()
    time.sleep(args.seconds)
    rebuild_started = time.perf_counter()
    stack.flask("index", "rebuild", "--procs", "2")
    rebuild_ended = time.perf_counter()
    time.sleep(args.swap_seconds)
    swap_ended = time.perf_counter()
    stop.set()
    driver.join()
    sampler.done.set()
    sampler.join()
    result = results[0]
    rows = [
        Row.of("/search before the rebuild", result.between(load_started, rebuild_started)),
        Row.of(
            "/search during `flask index rebuild`",
            result.between(rebuild_started, rebuild_ended),
            note=f"rebuild took {rebuild_ended - rebuild_started:.1f} s",
        ),
        Row.of(
            "/search while the workers swap it in",
            result.between(rebuild_ended, swap_ended),
            note=f"the {args.swap_seconds:.0f} s after the rebuild",
        ),
    ]
    rows += [
        Row(f"peak RSS during rebuild and swap, worker pid {pid}", note=f"{peak:.0f} MB")
        for pid, peak in sampler.peaks.items()
    ]
    for row in rows:
        print(_format(row), flush=True)
    return rows


def run_hooks(stack: Stack, args) -> list[Row]:
    """Measurements other work adds: a module in HOOKS with `stack_rows(stack) -> list[Row]` is given this running
    stack (base_url, env with DATABASE_URL and SEARCH_INDEX_DIR, n, flask(...), dir for a second node's files)."""
    rows = []
    for name in HOOKS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as missing:
            if missing.name != name:
                raise
            rows.append(Row(name, note="not present: skipped"))
            continue
        rows += module.stack_rows(stack)
    for row in rows:
        print(_format(row), flush=True)
    return rows


def measure_swap(stack: Stack, args) -> list[Row]:
    """/search at a fixed rate around a rebuild, the swap window read from the workers' log: bench/swap_bench.py."""
    from bench import swap_bench

    return swap_bench.measure_swap(stack, args)


MEASUREMENTS = {
    "pages": measure_pages,
    "downloads": measure_downloads,
    "memory": measure_memory,
    "rebuild": measure_rebuild,
    "swap": measure_swap,
    "hooks": run_hooks,
}


def _number(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _format(row: Row) -> str:
    return (
        f"| {row.name} | {_number(row.rate)} | {_number(row.p50)} | {_number(row.p95)} | {_number(row.p99)} | "
        f"{_number(row.worst)} | {row.errors if row.rate is not None else ''} | {row.note} |"
    )


HEADER = "| request | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | notes |\n|---|---|---|---|---|---|---|---|"


def _arguments(argv: list[str] | None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="synthetic listings")
    parser.add_argument("--organisations", type=int, help="organisations (default N/10)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (WEB_CONCURRENCY)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent keep-alive connections")
    parser.add_argument("--seconds", type=float, default=10.0, help="load per URL (and before a rebuild)")
    parser.add_argument("--warmup", type=float, default=1.0, help="unmeasured load before each URL")
    parser.add_argument("--swap-seconds", type=float, default=8.0, help="load measured after the rebuild ends")
    parser.add_argument("--only", default=",".join(GROUPS), help=f"comma-separated, of {', '.join(GROUPS)}")
    parser.add_argument("--database-url", help="an empty database to fill (default: SQLite in the scratch dir)")
    parser.add_argument("--dir", help="scratch directory to keep (reused when it already holds N listings)")
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="an environment variable for the server and commands (repeatable)",
    )
    parser.add_argument("--json", help="also write the rows to this file")
    from bench import swap_bench

    swap_bench.add_arguments(parser)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    directory = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="stack-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    stack = Stack(args.n, args.organisations or max(1, args.n // 10), directory, args.database_url, args.workers)
    stack.env.update(setting.split("=", 1) for setting in args.env)
    figures = {
        "n": args.n,
        "organisations": stack.organisations,
        "machine": machine(),
        "load_before": os.getloadavg(),
        "env": args.env,
    }
    print(f"machine: {figures['machine']}; load average {figures['load_before'][0]:.2f}", flush=True)
    try:
        figures.update(stack.prepare())
        print(f"N = {args.n:,}, {stack.organisations:,} organisations: {figures}", flush=True)
        stack.start()
        print(HEADER, flush=True)
        rows = measure_memory(stack, args, "after /search only")
        for group in [g.strip() for g in args.only.split(",") if g.strip()]:
            rows += MEASUREMENTS[group](stack, args)
    finally:
        stack.stop()
        if not args.dir:
            shutil.rmtree(directory, ignore_errors=True)
    figures["load_after"] = os.getloadavg()
    print(f"\n{HEADER}\n" + "\n".join(_format(row) for row in rows))
    print(f"load average {figures['load_before'][0]:.2f} before, {figures['load_after'][0]:.2f} after")
    if args.json:
        Path(args.json).write_text(json.dumps({**figures, "rows": [asdict(row) for row in rows]}, indent=2))


if __name__ == "__main__":
    main()
