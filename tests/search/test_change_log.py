"""The change log and its follower: every change that affects search is logged with its commit, in order, and a
second node's index follows it (catching up, surviving a crash between its index commit and its position, and
rebuilding when the log was trimmed past it). "Node B" here is a second app on the same database with its own index.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from directory import clock, create_app
from directory.extensions import db as _db
from directory.listings import changelog, documents, follower, indexing, services
from directory.listings.changelog import ChangeLogEntry
from directory.listings.models import Listing
from directory.search import corrections, search, writing
from tests.conftest import make_test_config


def logged() -> list[tuple[str, int]]:
    return [
        (kind, object_id)
        for kind, object_id in _db.session.execute(
            sa.select(ChangeLogEntry.kind, ChangeLogEntry.object_id).order_by(ChangeLogEntry.seq)
        )
    ]


@pytest.fixture
def node_b(app, tmp_path):
    """A second app on the same database with an index of its own, rebuilt now (so it records the log's head)."""
    other = create_app(
        make_test_config(tmp_path / "b", app.config["SQLALCHEMY_DATABASE_URI"], SEARCH_FOLLOW_POLL_SECONDS=0.1)
    )
    with other.app_context():
        indexing.rebuild()
    return other


def on(node, function, *args, **kwargs):
    with node.app_context():
        try:
            return function(*args, **kwargs)
        finally:
            _db.session.remove()


def b_ids(node) -> set[int]:
    return set(on(node, lambda: indexing.current_index().versions()))


def b_position(node) -> int:
    return on(node, lambda: follower.applied_position(indexing.current_index()))


def catch_up(node) -> None:
    while on(node, follower.step, 500):
        pass


def test_each_kind_of_change_is_logged_with_its_commit(app, make, db):
    listing = make.listing(title="Genomics course")
    organisation = listing.organisation
    db.session.execute(sa.delete(ChangeLogEntry))
    db.session.commit()
    services.set_availability(listing, "temporarily-closed")
    services.verify(listing)
    listing.venues = [{"name": "Lab", "address": "1 Road", "postcode": "E1 6AN"}]
    db.session.commit()
    organisation.apply({"name": "Renamed College"})
    db.session.commit()
    services.archive(listing)
    deleted = make.listing(title="Deleted while published", organisation=organisation)
    db.session.delete(deleted)
    db.session.commit()
    assert logged() == [("listing", listing.id)] * 3 + [
        ("organisation", organisation.id),
        ("listing", listing.id),
        ("listing", deleted.id),
        ("listing", deleted.id),
    ]


def test_drafts_and_rolled_back_changes_are_not_logged(app, make, db):
    draft = make.listing(status="draft", title="Draft")
    published = make.listing(title="Live")
    before = logged()
    assert ("listing", draft.id) not in before
    draft.title = "Draft, saved again"
    db.session.commit()
    published.title = "Changed, then rolled back"
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert logged() == before


def test_sequence_numbers_follow_commit_order_on_postgresql(pg_app):
    from tests.factories import Factories

    make = Factories(_db)
    first, second = make.listing(title="First"), make.listing(title="Second")
    start = changelog.head()
    first.title = "First, flushed early"
    _db.session.flush()  # changed first...
    with pg_app.app_context():  # ...but another session commits its change before this one does
        _db.session.get(Listing, second.id).title = "Second, committed first"
        _db.session.commit()
        _db.session.remove()
    _db.session.commit()
    assert changelog.entries_after(start, 10) == [(start + 1, "listing", second.id), (start + 2, "listing", first.id)]


def test_a_node_catches_up_from_its_recorded_position(app, make, db, node_b):
    kept = make.listing(title="Bioinformatics bootcamp")
    gone = make.listing(title="Outreach day")
    make.listing(title="Pharmacy apprenticeship")
    services.archive(gone)
    kept.organisation.apply({"name": "Renamed Institute"})
    db.session.commit()
    assert b_ids(node_b) == set()
    catch_up(node_b)
    assert on(node_b, lambda: indexing.current_index().versions()) == documents.searchable_versions()
    assert b_position(node_b) == changelog.head()
    assert on(node_b, lambda: search("renamed").ids) == [kept.id]


def test_a_crash_between_index_commit_and_position_loses_nothing_and_writes_nothing_twice(
    app, make, db, node_b, monkeypatch, caplog
):
    listings = [make.listing(title=f"Cell therapy technician {n}") for n in range(3)]
    start = b_position(node_b)
    original = type(indexing.current_index(node_b)).write_meta
    monkeypatch.setattr(
        type(indexing.current_index(node_b)),
        "write_meta",
        lambda *args, **kwargs: (_ for _ in ()).throw(OSError("killed")),
    )
    with pytest.raises(OSError):
        on(node_b, follower.step, 500)
    assert b_ids(node_b) == {listing.id for listing in listings}  # the index commit happened
    assert b_position(node_b) == start  # the position did not
    monkeypatch.setattr(type(indexing.current_index(node_b)), "write_meta", original)
    with caplog.at_level(logging.INFO, logger="directory.listings.follower"):
        catch_up(node_b)
    [record] = [r for r in caplog.records if r.name == "directory.listings.follower"]
    assert record.written == [] and record.removed == []
    assert sorted(record.current) == sorted(listing.id for listing in listings)
    assert b_position(node_b) == changelog.head()


def test_a_node_whose_position_was_trimmed_away_rebuilds(app, make, db, node_b):
    old = b_position(node_b)
    generation = on(node_b, lambda: indexing.current_index().current_dir())
    first = make.listing(title="Quality control scientist")
    make.listing(title="Lab technician")
    removed = changelog.trim(keep_days=7, at=clock.now() + timedelta(days=8))
    assert removed >= 1 and changelog.trimmed_through() > old
    catch_up(node_b)
    assert on(node_b, lambda: indexing.current_index().current_dir()) != generation  # a new generation
    assert on(node_b, lambda: indexing.current_index().versions()) == documents.searchable_versions()
    assert b_position(node_b) == changelog.head()
    assert first.id in b_ids(node_b)


def test_trimming_keeps_recent_entries_and_the_newest(app, make, db):
    make.listing(title="Old one")
    assert changelog.trim(keep_days=7) == 0  # nothing old enough
    newest = changelog.head()
    changelog.trim(keep_days=0, at=clock.now() + timedelta(days=1))
    assert changelog.entries_after(0, 10)[-1][0] == newest and len(changelog.entries_after(0, 10)) == 1


def test_an_index_without_a_position_is_reconciled_then_followed(app, make, db, node_b):
    listing = make.listing(title="Clinical trials assistant")
    index = indexing.current_index(node_b)
    index.write_meta({"applied_seq": None})
    catch_up(node_b)
    assert b_position(node_b) == changelog.head()
    assert listing.id in b_ids(node_b)


def test_on_sqlite_the_follower_polls_and_applies_a_change_within_a_second(app, make, db, node_b):
    listing = make.listing(status="draft", title="Cryo electron microscopy course")
    stop = threading.Event()
    thread = threading.Thread(target=follower.lead, args=(node_b, stop), daemon=True)
    thread.start()
    try:
        time.sleep(0.3)
        services.publish(listing)
        published = time.monotonic()
        while listing.id not in b_ids(node_b) and time.monotonic() - published < 5:
            time.sleep(0.02)
        assert time.monotonic() - published < 1.0
        assert follower.lead(node_b, wait=False) is False  # the lock is held: one follower per node
    finally:
        stop.set()
        thread.join(5)


def test_the_writer_stores_the_speller_and_another_worker_loads_it(app, make, db, reindex, monkeypatch):
    make.listing(title="Bioinformatics analyst")
    reindex()
    index = indexing.current_index(app)
    snap = index.snapshot()
    _directory, version = snap.generation
    assert (indexing.current_index(app).current_dir() / f"spelling-{version}.json").exists()
    monkeypatch.setattr(corrections, "_words", lambda reader: pytest.fail("a worker read the index's words"))
    snap.speller = None  # as a worker that has not loaded it yet
    assert corrections.speller(snap).candidates("bioinformatcs") == ["bioinformatics"]


def test_the_stored_words_summed_by_segment_are_the_index_s_words(app, make, db, reindex):
    first = make.listing(title="Bioinformatics analyst")
    reindex()
    make.listing(title="Pharmacy technician")  # a second segment, written by reconcile
    reindex()
    services.archive(first)  # a deletion: counts stay until a merge, as in Whoosh
    index = indexing.current_index(app)
    snap = index.snapshot()
    reader = snap.searcher.reader()
    assert len(list(reader.leaf_readers())) > 1
    assert corrections._words_by_segment(index.current_dir(), reader) == corrections._words(reader)


def test_seeding_from_the_cli_logs_every_seeded_listing_and_a_second_run_nothing(app, runner, seed_dir):
    first = runner.invoke(args=["seed", "--path", str(seed_dir)])
    assert first.exit_code == 0, first.output
    published = set(_db.session.scalars(sa.select(Listing.id).where(Listing.status == "published")))
    assert {object_id for kind, object_id in logged() if kind == "listing"} == published
    head = changelog.head()
    runner.invoke(args=["seed", "--path", str(seed_dir)])
    assert changelog.head() == head


def test_trim_log_command_says_what_it_removed(app, make, runner, monkeypatch):
    make.listing(title="Old entry")
    make.listing(title="Newest entry")
    before = len(logged())
    later = clock.now() + timedelta(days=30)
    monkeypatch.setattr(clock, "now", lambda: later)
    result = runner.invoke(args=["index", "trim-log", "--keep-days", "7"])
    assert result.exit_code == 0, result.output
    assert f"{before - 1} entries older than 7 days removed" in result.output
    assert len(logged()) == 1 and changelog.trimmed_through() == changelog.head() - 1


def test_on_postgresql_a_notification_wakes_the_follower_long_before_its_next_poll(pg_app, tmp_path):
    from tests.factories import Factories

    listing = Factories(_db).listing(status="draft", title="Proteomics technician course")
    other = create_app(
        make_test_config(tmp_path / "b", pg_app.config["SQLALCHEMY_DATABASE_URI"], SEARCH_FOLLOW_POLL_SECONDS=30)
    )
    on(other, indexing.rebuild)
    stop = threading.Event()
    thread = threading.Thread(target=follower.lead, args=(other, stop), daemon=True)
    thread.start()
    try:
        time.sleep(1.0)  # listening, and asleep until a notification or 30 s from now
        services.publish(listing)
        published = time.monotonic()
        while listing.id not in b_ids(other) and time.monotonic() - published < 10:
            time.sleep(0.02)
        assert time.monotonic() - published < 1.0
    finally:
        stop.set()
        thread.join(1)


def test_flask_index_follow_runs_the_node_s_follower_as_a_process_of_its_own(app, make, tmp_path):
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    index_dir = tmp_path / "c" / "index"
    listing = make.listing(status="draft", title="Metabolomics bootcamp")
    env = {
        **os.environ,
        "PYTHONPATH": str(repo),
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SEARCH_INDEX_DIR": str(index_dir),
        "INSTANCE_DIR": str(tmp_path / "c"),
        "SECRET_KEY": "c",
        "SEARCH_FOLLOW_POLL_SECONDS": "0.1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "index", "follow"],
        cwd=repo,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    meta = index_dir / "current" / "meta.json"
    try:
        deadline = time.monotonic() + 30
        while not meta.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert meta.exists(), "the follower process never built its index"
        node_c = create_app(
            make_test_config(tmp_path / "c", app.config["SQLALCHEMY_DATABASE_URI"], SEARCH_INDEX_DIR=str(index_dir))
        )
        assert follower.lead(node_c, wait=False) is False  # the process holds this node's follower lock
        services.publish(listing)
        head = changelog.head()
        while json.loads(meta.read_text()).get("applied_seq", 0) < head and time.monotonic() < deadline:
            time.sleep(0.05)
        assert listing.id in b_ids(node_c)
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
    assert "Following the change log" in output


def test_a_write_that_waited_for_the_lock_writes_the_database_as_it_was_when_the_lock_came(
    app, make, db, reindex, monkeypatch
):
    """Request A commits a listing and waits for the index lock while request B changes the listing again: A must
    not write its older copy over B's (nothing would repair that before the next reconcile)."""
    listing = make.listing(title="Genomics course")
    reindex()
    index, listing_id = indexing.current_index(), listing.id
    held = index.open().writer()  # another process is writing: it holds the index's lock
    waiting, real_writer = threading.Event(), writing.open_writer

    def writer_after_saying_so(ix):
        waiting.set()
        return real_writer(ix)

    monkeypatch.setattr(writing, "open_writer", writer_after_saying_so)

    def request_a():
        on(app, indexing.write_listings, index, [listing_id])

    thread = threading.Thread(target=request_a)
    thread.start()
    assert waiting.wait(10)
    listing.title, listing.updated_at = "Proteomics course", clock.now() + timedelta(seconds=5)
    db.session.commit()  # request B's change; its own write would queue behind A
    held.cancel()
    thread.join(30)
    assert search("proteomics", index=index).ids == [listing_id] and search("genomics", index=index).total == 0
