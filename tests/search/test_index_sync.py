"""The index follows the database: after each commit, through reconcile, and across crashes and concurrent writers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from directory import clock
from directory.listings import documents, services
from directory.listings.indexing import current_index
from directory.search import search

REPO_ROOT = Path(__file__).resolve().parents[2]


def searchable_ids(app) -> set[int]:
    return set(current_index(app).versions())


def assert_index_agrees_with_database(app):
    assert current_index(app).versions() == documents.searchable_versions()


def test_publishing_and_archiving_through_services_update_the_index_at_once(app, make):
    listing = make.listing(status="draft", title="Cryo-EM technician")
    assert search("cryo").total == 0
    services.publish(listing)
    assert search("cryo").ids == [listing.id]
    services.archive(listing)
    assert search("cryo").total == 0
    assert_index_agrees_with_database(app)


def test_availability_and_verification_refresh_the_document(app, make, reindex):
    listing = make.listing(title="Genomics short course")
    reindex()
    services.set_availability(listing, "temporarily-closed")
    assert search("genomics").hits[0]["availability"] == "temporarily-closed"
    services.verify(listing)
    assert_index_agrees_with_database(app)


def test_reconcile_adds_missing_refreshes_stale_and_removes_extra(app, make, db, reindex):
    kept = make.listing(title="Bioinformatics bootcamp")
    gone = make.listing(title="Old outreach day")
    assert reindex() == {"added": 2, "updated": 0, "removed": 0, "total": 2}
    new = make.listing(title="New pharmacy apprenticeship")  # missing: written without the services
    kept.organisation.name = "Renamed College"  # stale: the provider name is searchable
    kept.organisation.updated_at = clock.now() + timedelta(seconds=1)
    gone.status = "archived"  # extra
    db.session.commit()
    assert reindex() == {"added": 1, "updated": 1, "removed": 1, "total": 2}
    assert search("renamed").ids == [kept.id] and search("pharmacy").ids == [new.id]
    assert_index_agrees_with_database(app)


def test_listings_unverified_for_18_months_drop_out_on_reconcile(app, make, reindex, monkeypatch):
    fresh = make.listing(title="Fresh listing")
    old = make.listing(title="Old listing", published_at=clock.now() - timedelta(days=400))
    reindex()
    assert searchable_ids(app) == {fresh.id, old.id}
    later = clock.now() + timedelta(days=200)  # old passes 18 months since it was published; fresh does not
    monkeypatch.setattr(clock, "now", lambda: later)
    assert reindex()["removed"] == 1
    assert searchable_ids(app) == {fresh.id}
    assert_index_agrees_with_database(app)


def test_index_commands(app, make, runner):
    make.listing(title="Command line listing")
    result = runner.invoke(args=["index", "rebuild"])
    assert result.exit_code == 0 and "1 listings" in result.output
    result = runner.invoke(args=["index", "reconcile"])
    assert result.exit_code == 0 and "0 added, 0 updated, 0 removed; 1 listings searchable" in result.output


def test_start_up_reconciles_when_asked(app, make):
    from directory import create_app

    listing = make.listing(title="Start-up listing")
    config = {**app.config, "SEARCH_RECONCILE_ON_START": True}
    create_app(config)
    assert searchable_ids(app) == {listing.id}


CHILD = textwrap.dedent("""
    import json, os, signal, sys
    config, listing_id, action, where = json.loads(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    from directory import create_app
    from directory.extensions import db
    from directory.listings import services
    from directory.listings.models import Listing

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    if where == "before-index-write":
        from directory.search.engine import SearchIndex
        SearchIndex.write = SearchIndex.write_changed = die
    else:  # inside the index writer, holding its lock, before its commit
        import whoosh.writing
        whoosh.writing.SegmentWriter.commit = die
    app = create_app(config)
    with app.app_context():
        getattr(services, action)(db.session.get(Listing, listing_id))
    print("survived")
""")


def child_config(app) -> str:
    keys = (
        "TESTING",
        "SQLALCHEMY_DATABASE_URI",
        "SEARCH_INDEX_DIR",
        "SECRET_KEY",
        "SEARCH_RECONCILE_ON_START",
        "RATELIMIT_ENABLED",
        "WTF_CSRF_ENABLED",
    )
    return json.dumps({key: app.config[key] for key in keys})


@pytest.mark.slow
@pytest.mark.parametrize(
    "action, status, where",
    [("publish", "draft", "before-index-write"), ("archive", "published", "inside-index-writer")],
)
def test_a_process_killed_between_commit_and_index_write_is_repaired_by_reconcile(
    app, make, db, reindex, where, action, status
):
    listing_id = make.listing(title="Killed mid-write", status=status).id
    make.listing(title="Bystander")
    reindex()
    before = searchable_ids(app)
    db.session.close()
    child = subprocess.run(
        [sys.executable, "-c", CHILD, child_config(app), str(listing_id), action, where],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == -9, child.stderr  # SIGKILL
    assert (listing_id in documents.searchable_versions()) == (action == "publish")  # the commit happened
    assert searchable_ids(app) == before  # the index write did not
    reindex()
    assert_index_agrees_with_database(app)


WRITER = textwrap.dedent("""
    import sys
    from directory.search import SearchIndex
    from tests.search.conftest import doc
    root, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    index = SearchIndex(root)
    for listing_id in range(first, first + count):
        index.write([(listing_id, f"v{listing_id}", doc(f"l{listing_id}", f"Concurrent listing {listing_id}"))])
        index.write([(0, f"from {first}", doc("shared", "Shared listing"))])
""")


@pytest.mark.slow
def test_two_processes_writing_at_once_lose_no_update(tmp_path):
    from directory.search import SearchIndex

    root = tmp_path / "index"
    SearchIndex(root).ensure()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(root), str(first), "20"],
            cwd=REPO_ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for first in (1, 101)
    ]
    for writer in writers:
        assert writer.wait(timeout=120) == 0, writer.stderr.read()
    versions = SearchIndex(root).versions()
    expected = {i: f"v{i}" for i in [*range(1, 21), *range(101, 121)]}
    assert {k: v for k, v in versions.items() if k} == expected
    assert versions[0] in ("from 1", "from 101")
    assert search("concurrent", index=SearchIndex(root), per_page=100).total == 40


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread niceness is Linux's")
def test_a_rebuild_catches_up_at_the_builds_lower_priority_in_its_own_thread(app, make, monkeypatch):
    """The reconcile after a rebuild runs while the workers swap the new version in: it must not compete with
    them at full priority (issue 11, item 4)."""
    from directory.listings import indexing
    from directory.search import resources

    make.listing(title="Genomics course")
    seen, catch_up = [], indexing.reconcile

    def watched(**arguments):
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        return catch_up(**arguments)

    def rebuild_in_a_thread():
        with app.app_context():
            indexing.rebuild()

    monkeypatch.setattr(indexing, "reconcile", watched)
    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    rebuilding = threading.Thread(target=rebuild_in_a_thread)
    rebuilding.start()
    rebuilding.join()
    assert seen and seen[0] >= resources.BUILD_NICENESS
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before
    assert searchable_ids(app) == set(documents.searchable_versions())
