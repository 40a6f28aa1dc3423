"""The change-log follower's lag on PostgreSQL: how long after a change commits a second node's index has applied it.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/scratch .venv/bin/python bench/follower_lag.py --reset

This process is node A: it loads synthetic listings (bench/generate.py via fill_database.py) when the database has
none, then makes `--changes` changes through the listing services, one commit at a time with a pause between them.
Node B is a `flask index follow` process with an index directory of its own (built from the database when it
starts). For each change the lag is from A's commit returning to B's index recording that change's sequence number
as applied (its index commit done). A web worker on B serves it after its next refresh (SEARCH_REFRESH_SECONDS,
0.5 s by default), which the figures leave out. --reset drops and recreates the database's public schema first:
point it only at a scratch database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import sqlalchemy as sa  # noqa: E402

from bench.fill_database import fill  # noqa: E402
from directory import create_app  # noqa: E402
from directory.config import normalise_database_url  # noqa: E402
from directory.extensions import db  # noqa: E402
from directory.listings import changelog, services  # noqa: E402
from directory.listings.models import Listing  # noqa: E402
from directory.progress import command_progress  # noqa: E402


def applied(index_dir: Path) -> int:
    try:
        return json.loads((index_dir / "current" / "meta.json").read_text()).get("applied_seq") or 0
    except (OSError, ValueError):
        return 0


def wait_for(index_dir: Path, seq: int, timeout: float) -> float:
    """Seconds until node B records `seq` as applied (polling its meta file every millisecond)."""
    started = time.perf_counter()
    while applied(index_dir) < seq:
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"node B did not apply change {seq} within {timeout:.0f}s")
        time.sleep(0.001)
    return time.perf_counter() - started


def node_a(url: str, work: Path):
    """The app this script makes its changes through (no follower of its own: node B's is the one measured)."""
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SEARCH_INDEX_DIR": str(work / "node-a"),
            "SEARCH_FOLLOWER": "off",
            "SEARCH_RECONCILE_ON_START": False,
            "SECRET_KEY": "bench",
            "SEARCH_BACKGROUND_REFRESH": False,
        }
    )


def prepare(url: str, listings: int, reset: bool, work: Path):
    if reset:
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
    app = node_a(url, work)
    with app.app_context():
        db.create_all()
        if db.session.scalar(sa.select(sa.func.count()).select_from(Listing)) == 0:
            with command_progress() as progress:
                fill(listings, progress)
    return app


def start_follower(url: str, index_dir: Path, log_path: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SEARCH_INDEX_DIR": str(index_dir),
        "PYTHONPATH": str(REPO_ROOT),
        "INSTANCE_DIR": str(index_dir.parent / "instance"),
        "SECRET_KEY": "bench",
    }
    return subprocess.Popen(
        [str(REPO_ROOT / ".venv/bin/flask"), "--app", "wsgi", "index", "follow"],
        cwd=REPO_ROOT,
        env=env,
        stdout=open(log_path, "w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def measure(app, index_dir: Path, changes: int, pause: float) -> list[float]:
    lags = []
    rng = random.Random(11)
    with app.app_context():
        ids = list(
            db.session.scalars(
                sa.select(Listing.id).where(Listing.status == "published").order_by(Listing.id).limit(changes)
            )
        )
        for n in range(changes):
            listing = db.session.get(Listing, ids[n % len(ids)])
            availability = "temporarily-closed" if listing.availability == "open" else "open"
            services.set_availability(listing, availability)  # commits (and logs the change) before returning
            seq = changelog.head()
            lags.append(wait_for(index_dir, seq, timeout=30))
            db.session.remove()
            time.sleep(pause * rng.uniform(0.5, 1.5))
    return lags


def stack_rows(stack) -> list:
    """bench/stack.py's hook: the follower's lag on the running stack's database, as a second node would see it
    (PostgreSQL only: on SQLite it says so and the stack goes on)."""
    from bench.stack import Row

    url = normalise_database_url(stack.env.get("DATABASE_URL", ""))
    if not url.startswith("postgresql"):
        return [
            Row(
                "change-log follower lag (second node)",
                note="skipped: needs --database-url on PostgreSQL (or run bench/follower_lag.py)",
            )
        ]
    index_dir = stack.dir / "node-b" / "index"
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    app = node_a(url, stack.dir)
    follower = start_follower(url, index_dir, stack.dir / "node-b" / "follower.log")
    try:
        with app.app_context():
            wait_for(index_dir, changelog.head(), timeout=900)
        lags = sorted(measure(app, index_dir, 100, 0.1))
    finally:
        os.killpg(follower.pid, signal.SIGTERM)
        follower.wait(10)
    return [
        Row(
            "change-log follower lag (second node), 100 changes",
            p50=statistics.median(lags) * 1000,
            p95=lags[94] * 1000,
            worst=lags[-1] * 1000,
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=100)
    parser.add_argument("--listings", type=int, default=10_000, help="synthetic listings loaded into an empty database")
    parser.add_argument("--pause", type=float, default=0.1, help="seconds between changes (on average)")
    parser.add_argument("--reset", action="store_true", help="drop and recreate the public schema first")
    args = parser.parse_args()
    url = normalise_database_url(os.environ.get("DATABASE_URL", ""))
    if not url.startswith("postgresql"):
        raise SystemExit("Set DATABASE_URL to a scratch PostgreSQL database.")
    work = Path(tempfile.mkdtemp(prefix="follower-lag-"))
    app = prepare(url, args.listings, args.reset, work)
    index_dir = work / "node-b" / "index"
    index_dir.parent.mkdir(parents=True)
    follower = start_follower(url, index_dir, work / "node-b" / "follower.log")
    try:
        with app.app_context():
            head = changelog.head()
        started = time.perf_counter()
        wait_for(index_dir, head, timeout=600)
        print(f"node B built its index and caught up to change {head} in {time.perf_counter() - started:.1f}s")
        load_before = os.getloadavg()
        lags = sorted(measure(app, index_dir, args.changes, args.pause))
        load_after = os.getloadavg()
    finally:
        os.killpg(follower.pid, signal.SIGTERM)
        follower.wait(10)
    with app.app_context():
        listings = db.session.scalar(sa.select(sa.func.count()).select_from(Listing))
    print(
        f"{len(lags)} changes on PostgreSQL, {listings} listings: follower lag (commit on A to applied on B) "
        f"median {statistics.median(lags) * 1000:.0f} ms, p95 {lags[int(len(lags) * 0.95) - 1] * 1000:.0f} ms, "
        f"max {lags[-1] * 1000:.0f} ms"
    )
    print(
        f"load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
        f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}; logs in {work}"
    )


if __name__ == "__main__":
    main()
