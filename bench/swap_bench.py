"""What swapping a rebuilt index version in costs a request: /search at a fixed rate well under capacity (open
loop, bench/load.py `paced`) before `flask index rebuild`, while it runs, while each worker builds and swaps in the
new version, and after; the swap window is read from the workers' own log lines ("... swapped in by process P:
built in B ms, warmed in W ms"), not guessed.

    .venv/bin/python bench/swap_bench.py --n 10000 --dir /tmp/stack10k
    .venv/bin/python bench/swap_bench.py --n 100000 --dir /tmp/stack100k --rate 40
    .venv/bin/python bench/stack.py --n 100000 --only swap --dir /tmp/stack100k     (the same, as a stack group)

Reuses bench/stack.py's scratch database and gunicorn. Latency is from when each request was due; the notes give
how late the client itself sent the worst one (a busy machine delays the client too) and the longest the app
itself spent on one request in each window (its access log's duration: what is left is queueing in gunicorn or
waiting for the interpreter lock before the app's first line ran).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load

SWAPPED = re.compile(
    r"^(\S+ \S+) INFO .*Search index (\S+) version (\d+) swapped in by process (\d+): "
    r"built in (\d+) ms, warmed in (\d+) ms"
)
ACCESS = re.compile(r"^(\S+ \S+) INFO .*directory\.access: GET /search\S* \d+ ([\d.]+)ms")
AFTER_SWAP_SECONDS = 1.0  # the swap window runs on this long past the last swap: the new version's first requests


@dataclass
class Swap:
    pid: int
    at: float  # time.time() when the worker swapped the version in
    build_ms: int
    warm_ms: int

    @property
    def started(self) -> float:
        return self.at - (self.build_ms + self.warm_ms) / 1000


def _epoch(stamp: str) -> float:
    return datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S,%f").timestamp()


def swaps_in(log_text: str, generation: str) -> list[Swap]:
    """Each worker's swap-in of `generation` (a gen-... directory name), from gunicorn's log."""
    found = []
    for line in log_text.splitlines():
        match = SWAPPED.match(line)
        if match and match.group(2) == generation:
            found.append(Swap(int(match.group(4)), _epoch(match.group(1)), int(match.group(5)), int(match.group(6))))
    return found


def app_durations(log_text: str) -> list[tuple[float, float]]:
    """(time.time() when the app finished it, milliseconds the app spent) for each /search in the access log."""
    return [(_epoch(m.group(1)), float(m.group(2))) for line in log_text.splitlines() if (m := ACCESS.match(line))]


def _current_generation(stack) -> str:
    return Path(stack.env["SEARCH_INDEX_DIR"], "current").resolve().name


def _wait_for_swaps(stack, log_path: Path, offset: int, generation: str, timeout: float = 120.0) -> list[Swap]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open(log_path, "rb") as handle:
            handle.seek(offset)
            swaps = swaps_in(handle.read().decode(errors="replace"), generation)
        if {swap.pid for swap in swaps} >= set(stack.worker_pids()):
            return swaps
        time.sleep(0.25)
    raise RuntimeError(f"not every worker logged swapping in {generation} within {timeout:.0f} s")


def _row(
    stack_module,
    name: str,
    result: load.LoadResult,
    access: list[tuple[float, float]],
    window: tuple[float, float],
    note: str = "",
):
    """One table row: the paced requests due in the window, the client's worst lateness, the app's own longest."""
    late = max((s.late for s in result.samples), default=0.0) * 1000
    own = max((ms for at, ms in access if window[0] <= at < window[1]), default=float("nan"))
    text = f"{result.count} requests; client sent one up to {late:.0f} ms late; the app's longest {own:.0f} ms"
    return stack_module.Row.of(name, result, note=f"{text}{'; ' + note if note else ''}")


def _flip(stack) -> str:
    """Point the index's `current` at the other generation the last rebuild kept (the one it replaced), as a
    rebuild's last step does but with no command running, so what follows is the workers' swap-in alone."""
    root = Path(stack.env["SEARCH_INDEX_DIR"])
    current = (root / "current").resolve()
    other = max(
        (path for path in root.glob("gen-*") if path.is_dir() and path != current),
        key=lambda path: path.stat().st_mtime,
    )
    temporary = root / f".current-flip-{os.getpid()}"
    os.symlink(other.name, temporary)
    os.replace(temporary, root / "current")
    return other.name


def _swap_window(swaps: list[Swap], wall: float) -> tuple[float, float]:
    """perf_counter times from the first worker's build start to AFTER_SWAP_SECONDS after the last swap."""
    return min(s.started for s in swaps) - wall, max(s.at for s in swaps) - wall + AFTER_SWAP_SECONDS


def _swap_note(swaps: list[Swap], window: tuple[float, float]) -> str:
    return (
        "; ".join(f"pid {s.pid} built {s.build_ms} ms, warmed {s.warm_ms} ms" for s in swaps)
        + f"; window {window[1] - window[0]:.1f} s"
    )


def _slowest(result: load.LoadResult, window: tuple[float, float], wall: float, swaps: list[Swap]) -> str:
    """The five slowest requests due in the window, with when they fell due from the first worker's build start."""
    worst = sorted(result.between(*window).samples, key=lambda s: -s.seconds)[:5]
    first = min(s.started for s in swaps)
    return "; ".join(f"{s.seconds * 1000:.0f} ms due {s.started + wall - first:+.2f} s" for s in worst)


def measure_swap(stack, args) -> list:
    """/search at `args.rate` requests/s over `args.paced_connections` connections: before, during and after a
    rebuild, and in the window while the workers build and swap in the new version; then `args.flips` swaps with
    no command running (`current` pointed back and forth between the two newest generations)."""
    from bench import stack as stack_module

    log_path = stack.dir / "gunicorn.log"
    offset = log_path.stat().st_size
    wall = time.time() - time.perf_counter()  # add to a perf_counter time to get time.time()
    stop, results = threading.Event(), []
    driver = threading.Thread(
        target=lambda: results.append(
            load.paced(
                stack.base_url, stack_module.SEARCHES, args.rate, args.paced_connections, seconds=3600, stop=stop
            )
        ),
        daemon=True,
    )
    load_started = time.perf_counter()
    driver.start()
    time.sleep(args.seconds)
    rebuild_started = time.perf_counter()
    stack.flask("index", "rebuild", "--procs", "2")
    rebuild_ended = time.perf_counter()
    swaps = _wait_for_swaps(stack, log_path, offset, _current_generation(stack))
    time.sleep(args.after_seconds)
    after_ended = time.perf_counter()
    flips = []
    for _ in range(args.flips):
        flip_offset = log_path.stat().st_size
        flipped_at = time.perf_counter()
        flips.append((flipped_at, _wait_for_swaps(stack, log_path, flip_offset, _flip(stack))))
        time.sleep(args.after_seconds)
    stop.set()
    driver.join()
    with open(log_path, "rb") as handle:
        handle.seek(offset)
        access = app_durations(handle.read().decode(errors="replace"))
    result = results[0]
    window = _swap_window(swaps, wall)
    windows = [
        ("/search paced, before the rebuild", (load_started + 1.0, rebuild_started), ""),
        (
            "/search paced, during `flask index rebuild`",
            (rebuild_started, min(window[0], rebuild_ended)),
            f"rebuild took {rebuild_ended - rebuild_started:.1f} s; slowest: "
            + _slowest(result, (rebuild_started, min(window[0], rebuild_ended)), wall, swaps),
        ),
        (
            "/search paced, in the rebuild's swap window",
            window,
            _swap_note(swaps, window) + f"; slowest: {_slowest(result, window, wall, swaps)}",
        ),
        ("/search paced, after the swap", (window[1], after_ended), ""),
    ]
    for n, (_, flip_swaps) in enumerate(flips, start=1):
        span = _swap_window(flip_swaps, wall)
        windows.append(
            (
                f"/search paced, swap {n} with no command running",
                span,
                _swap_note(flip_swaps, span) + f"; slowest: {_slowest(result, span, wall, flip_swaps)}",
            )
        )
    rows = [
        _row(stack_module, name, result.between(*span), access, (span[0] + wall, span[1] + wall), note)
        for name, span, note in windows
    ]
    for row in rows:
        print(stack_module._format(row), flush=True)
    print(timeline(result, wall, swaps, (rebuild_ended, "the rebuild command ended")), flush=True)
    for flipped_at, flip_swaps in flips:
        print(timeline(result, wall, flip_swaps, (flipped_at, "current flipped")), flush=True)
    return rows


def timeline(
    result: load.LoadResult, wall: float, swaps: list[Swap], event: tuple[float, str], step: float = 0.25
) -> str:
    """The slowest paced request due in each `step` from 2 s before the first mark to 2 s after the last: `event`
    (the rebuild command ending, or `current` flipped) and when each worker started building and swapped in."""
    marks = [event]
    for swap in swaps:
        marks += [
            (swap.started - wall, f"pid {swap.pid} starts building"),
            (swap.at - wall, f"pid {swap.pid} swaps in"),
        ]
    start, end = min(when for when, _ in marks) - 2.0, max(when for when, _ in marks) + 2.0
    lines, at = [], start
    while at < end:
        due = result.between(at, at + step)
        noted = [text for when, text in marks if at <= when < at + step]
        lines.append(
            f"  {at - start:6.2f} s  slowest {due.percentile(1.0) if due.count else 0:6.0f} ms of "
            f"{due.count:2d}  {'; '.join(noted)}"
        )
        at += step
    return f"timeline around: {event[1]} (due times from the start of this list)\n" + "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rate", type=float, default=40.0, help="paced /search requests per second")
    parser.add_argument("--paced-connections", type=int, default=4, help="connections the paced load uses")
    parser.add_argument("--after-seconds", type=float, default=5.0, help="paced load kept up after each swap")
    parser.add_argument(
        "--flips",
        type=int,
        default=4,
        help="swaps with no command running, after the rebuild's (even: ends on the new version)",
    )


def main(argv: list[str] | None = None) -> None:
    from bench import stack as stack_module

    stack_module.main(["--only", "swap", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
