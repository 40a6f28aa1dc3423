"""Two web nodes on one PostgreSQL database, each with its own index: node A is this test's app (its follower a
thread, as in a web worker), node B a gunicorn of its own whose workers elect one follower. A change made through
A reaches B's /search within 2 s; B killed with SIGKILL while applying, then restarted, loses nothing and writes
nothing twice; an organisation's new name reaches both.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from directory import clock
from directory.extensions import db
from directory.listings import changelog, documents, follower, indexing
from directory.listings.models import Listing
from directory.moderation import decisions, identity
from directory.search import SearchIndex
from directory.submissions import identity as proposals
from directory.submissions.models import Revision
from tests.factories import Factories

pytestmark = pytest.mark.slow
REPO_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Node:
    """Node B: gunicorn (2 workers) on its own port and index directory, logging JSON lines to a file."""

    def __init__(self, tmp_path: Path, database_url: str):
        self.root = tmp_path / "node-b"
        self.index_dir = self.root / "index"
        self.port = free_port()
        self.runs = 0
        self.process = None
        self.env = {
            **os.environ,
            "PYTHONPATH": str(REPO_ROOT),
            "DATABASE_URL": database_url,
            "SEARCH_INDEX_DIR": str(self.index_dir),
            "INSTANCE_DIR": str(self.root / "instance"),
            "SECRET_KEY": "two-nodes",
            "SEARCH_FOLLOWER": "thread",
            "LOG_FORMAT": "json",
            "SEARCH_RECONCILE_ON_START": "0",
            "RATELIMIT_ENABLED": "0",
            "SEARCH_FOLLOW_BATCH": "2",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_THREADS": "2",
        }

    def start(self) -> None:
        self.runs += 1
        log = open(self.root / f"run-{self.runs}.log", "w")  # noqa: SIM115 (gunicorn writes to it until stop())
        self.process = subprocess.Popen(
            [str(REPO_ROOT / ".venv/bin/gunicorn"), "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
            cwd=REPO_ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.get("/healthz")  # a first request: a worker stands for election and follows
                self.get("/healthz")
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"node B did not start: {self.log_text()}")

    def get(self, path: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as response:
                return response.read().decode()
        except urllib.error.HTTPError as error:
            raise AssertionError(f"{path}: {error}\n{self.log_text()[-6000:]}") from error

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def position(self) -> int | None:
        try:
            return json.loads((self.index_dir / "current" / "meta.json").read_text()).get("applied_seq")
        except (OSError, ValueError):
            return None

    def wait_for_position(self, seq: int, seconds: float = 20) -> None:
        deadline = time.monotonic() + seconds
        while self.position() is None or self.position() < seq:
            assert time.monotonic() < deadline, f"node B stuck at {self.position()}: {self.log_text()[-3000:]}"
            time.sleep(0.02)

    def log_text(self) -> str:
        return "".join(path.read_text() for path in sorted(self.root.glob("run-*.log")))

    def follower_lines(self, run: int | None = None) -> list[dict]:
        """The follower's "applied" log lines (JSON), from every run of B or from one."""
        text = self.log_text() if run is None else (self.root / f"run-{run}.log").read_text()
        lines = []
        for line in text.splitlines():
            if line.startswith("{") and '"directory.listings.follower"' in line and '"last_seq"' in line:
                lines.append(json.loads(line))
        return lines


@pytest.fixture
def node_a(pg_app):
    """This test's app, following the log into its own index from a thread (as a web worker's follower does)."""
    with pg_app.app_context():
        indexing.rebuild()
    stop = threading.Event()
    thread = threading.Thread(target=follower.lead, args=(pg_app, stop), daemon=True)
    thread.start()
    yield pg_app
    stop.set()
    thread.join(10)


@pytest.fixture
def node_b(tmp_path, postgres_database_url, node_a):
    node = Node(tmp_path, postgres_database_url)
    node.root.mkdir()
    node.start()
    node.wait_for_position(0)
    yield node
    node.stop()


@pytest.fixture
def people():
    make = Factories(db)
    moderator = make.user(role="moderator", name="Morgan Moderator")
    return make, moderator


def found_on_b(node: Node, word: str, title: str) -> bool:
    return title in node.get(f"/search?q={word}")


def wait_until(condition, seconds: float) -> float:
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, "not within the time allowed"
        time.sleep(0.02)
    return time.monotonic() - started


def test_a_listing_approved_through_a_is_found_on_b_within_two_seconds(node_a, node_b, people):
    make, moderator = people
    listing = make.listing(status="pending", title="Xenobiology laboratory apprenticeship")
    revision = Revision(
        listing_id=listing.id,
        organisation_id=listing.organisation_id,
        kind="new",
        data=listing.snapshot(),
        state="pending",
        submitted_at=clock.now(),
    )
    db.session.add(revision)
    db.session.commit()
    assert not found_on_b(node_b, "xenobiology", listing.title)
    decisions.approve(revision, moderator=moderator)
    lag = wait_until(lambda: found_on_b(node_b, "xenobiology", listing.title), 2.0)
    print(f"approved on A, found by /search on B after {lag * 1000:.0f} ms")


def test_b_killed_while_applying_loses_nothing_and_writes_nothing_twice(node_a, node_b, people, tmp_path):
    make, _ = people
    organisation = make.organisation(name="Kill Test College")
    listings = [
        Listing(
            slug=f"kill-test-{n}",
            organisation_id=organisation.id,
            title=f"Kryogenics course {n}",
            provision_type="short-course",
            section="job-focused-training",
            status="pending",
        )
        for n in range(120)
    ]
    db.session.add_all(listings)
    db.session.commit()
    start = changelog.head()
    node_b.wait_for_position(start)
    killed = {}

    def kill_b_part_way():  # while B is applying, ten entries in
        wait_until(lambda: (node_b.position() or 0) >= start + 10, 20)
        killed["at"] = node_b.position()
        node_b.kill()

    killer = threading.Thread(target=kill_b_part_way)
    killer.start()
    for listing in listings:  # published one commit at a time: 120 entries for B to apply
        listing.status, listing.published_at, listing.updated_at = "published", clock.now(), clock.now()
        db.session.commit()
    head = changelog.head()
    killer.join(30)
    recorded = node_b.position()  # what B's index recorded as applied when it died
    assert start < killed["at"] <= recorded < head, "B was not killed part-way through applying"
    node_b.start()
    wait_until(lambda: max((line["last_seq"] for line in node_b.follower_lines(run=2)), default=0) >= head, 20)
    assert SearchIndex(node_b.index_dir).versions() == documents.searchable_versions()  # nothing lost
    lines = node_b.follower_lines()
    written = Counter(i for line in lines for i in line["written"])
    assert max(written.values()) == 1, "a listing was written twice"  # nothing twice
    # After the restart B took up exactly where its index said it was. An entry it had written to the index just
    # before the kill, without recording it, was read again and found current, not written again.
    after = node_b.follower_lines(run=2)
    assert after[0]["first_seq"] == recorded + 1
    redone = {i for line in after for i in line["written"] + line["current"]}
    assert {object_id for seq, _, object_id in changelog.entries_after(recorded, 1000)} <= redone
    current = sorted(i for line in after for i in line["current"])
    print(f"killed with {recorded} of {start + 1}-{head} recorded; on restart found already current: {current}")


def test_an_organisation_rename_reaches_both_nodes(node_a, node_b, people):
    make, moderator = people
    listing = make.listing(title="Cell culture short course")
    organisation = listing.organisation
    wait_until(lambda: found_on_b(node_b, "culture", listing.title), 5)
    change = proposals.propose(organisation, {"name": "Quillfeather Biosciences", "website": None}, actor=moderator)
    db.session.commit()
    identity.approve(change, moderator=moderator)
    lag = wait_until(lambda: found_on_b(node_b, "quillfeather", listing.title), 2.0)
    with node_a.test_request_context():
        from directory.search import search

        wait_until(lambda: search("quillfeather").ids == [listing.id], 2.0)
    print(f"renamed on A, found on B after {lag * 1000:.0f} ms")
