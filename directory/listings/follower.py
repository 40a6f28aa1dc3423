"""The follower: one per web node, applying the database's change log (changelog.py) to this node's index.

Election: a file lock, `.follower.lock` in SEARCH_INDEX_DIR, held for as long as a process follows. Each web
worker (SEARCH_FOLLOWER=thread, the default) tries for it from a daemon thread started on its first request, and
tries again every ELECTION_SECONDS; the one that gets it follows, the others keep serving. If that worker exits or is
killed, the kernel drops its lock and another worker takes over within a second. `flask index follow` follows in the
foreground under the same lock (set SEARCH_FOLLOWER=off on the workers to leave it to that process alone).

Each pass: read the position the index recorded (`applied_seq` in the generation's meta.json), take the next
entries after it, re-read those listings (and every listing of a changed organisation), write only those whose
version in the index differs from the database's, then record the new position. A crash between the index commit
and the position leaves entries to apply again; they are then found current and skipped, so nothing is lost and
nothing written twice. An index with no recorded position is reconciled (or rebuilt when empty); one whose position
the log has been trimmed past is rebuilt in a new generation while the old one keeps serving.

Waking: on PostgreSQL a LISTEN connection (psycopg 3) wakes the follower as each change commits; it also polls
every SEARCH_FOLLOW_POLL_SECONDS in case a notification is missed. On SQLite it polls.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import threading
import time

import click
import psycopg
from flask import Flask

from directory.extensions import db
from directory.listings import changelog, documents, indexing
from directory.listings.index_health import REBUILD_LOCK, try_lock

log = logging.getLogger(__name__)

POSITION = indexing.APPLIED
FOLLOWER_LOCK = ".follower.lock"
ELECTION_SECONDS = 1.0
RETRY_SECONDS = 2.0  # after a failed pass (database down, say)


_searches_here = True  # False in a `flask index follow` process, which never answers a search


def _drop_snapshot(index) -> None:
    """A follower process frees the snapshot a rebuild or reconcile warmed; a web worker keeps it for its searches."""
    if not _searches_here:
        index.invalidate()


# --- one pass ----------------------------------------------------------------------------------------------
def apply(index, entries) -> dict[str, list[int]]:
    """Apply a batch of entries: write the listings whose indexed version differs from the database's."""
    ids = changelog.listing_ids(entries)
    written, removed = indexing.write_listings(index, ids, refresh=False)  # workers' refreshers pick it up
    done = set(written) | set(removed)
    return {"written": written, "removed": removed, "current": [i for i in ids if i not in done]}


def _rebuild(index, why: str) -> bool:
    """Rebuild the index from the database (recording the log's head), unless another process already is."""
    handle = try_lock(index.root / REBUILD_LOCK)
    if handle is None:
        return False
    try:
        log.warning("Search follower: %s; rebuilding the index from the database", why)
        count = indexing.rebuild()
        log.warning("Search follower: index rebuilt with %s listings", count)
        return True
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()
        _drop_snapshot(index)


def _adopt(index, directory) -> None:
    """An index with no recorded position (made before the change log, or by ensure()): reconcile, or rebuild
    when empty, then record the head read before looking."""
    if index.stored_count() == 0 and documents.searchable_count() > 0:
        _rebuild(index, "the index is empty")
        return
    head = changelog.head()
    summary = indexing.reconcile()
    _drop_snapshot(index)
    index.write_meta({POSITION: head}, directory)
    log.warning("Search follower: index had no change-log position; reconciled (%s) and starts at %s", summary, head)


def step(batch: int = 500) -> int:
    """One pass in an app context: apply up to `batch` entries; return how many (0 when up to date)."""
    index = indexing.current_index()
    if not index.exists():
        _rebuild(index, "there is no index")
        return 0
    directory = index.current_dir()
    position = index.read_meta(directory).get(POSITION)
    if position is None:
        _adopt(index, directory)
        return 0
    entries = changelog.entries_after(position, batch)
    # The trim mark is read after the entries: a trim committed between the two reads is then seen, where read
    # first it could have removed entries after this position unnoticed.
    if position < changelog.trimmed_through():
        _rebuild(index, f"the change log was trimmed past this index's position {position}")
        return 0
    if not entries:
        return 0
    started = time.monotonic()
    summary = apply(index, entries)
    index.write_meta({POSITION: entries[-1][0]}, directory)
    log.info(
        "Search follower applied changes %s-%s: %s written, %s removed, %s already current (%.0f ms)",
        entries[0][0],
        entries[-1][0],
        len(summary["written"]),
        len(summary["removed"]),
        len(summary["current"]),
        (time.monotonic() - started) * 1000,
        extra={"first_seq": entries[0][0], "last_seq": entries[-1][0], **summary},
    )
    return len(entries)


def applied_position(index) -> int | None:
    """The last change-log entry the index's current generation applied (None when it records none)."""
    return index.read_meta().get(POSITION)


# --- waking ------------------------------------------------------------------------------------------------
class Listener:
    """A LISTEN connection on PostgreSQL (reconnecting after a failure); plain sleeping elsewhere."""

    def __init__(self):
        url = db.engine.url  # in an app context: the same database the app uses
        self.conninfo = (
            url.set(drivername="postgresql").render_as_string(hide_password=False)
            if url.get_backend_name() == "postgresql"
            else None
        )
        self.connection = None

    def start(self) -> None:
        """Listen before looking at the log, so no change committed after the look goes unheard."""
        if self.conninfo is None or self.connection is not None:
            return
        try:
            self.connection = psycopg.connect(self.conninfo, autocommit=True, connect_timeout=5)
            self.connection.execute(f"LISTEN {changelog.CHANNEL}")
        except psycopg.Error:
            log.exception("Search follower could not LISTEN; polling meanwhile")
            self.close()

    def wait(self, seconds: float) -> None:
        if self.connection is None:
            time.sleep(seconds)
            self.start()
            return
        try:
            for _ in self.connection.notifies(timeout=seconds, stop_after=1):
                pass
            for _ in self.connection.notifies(timeout=0):  # a burst of commits: one pass reads them all
                pass
        except psycopg.Error:
            log.exception("Search follower's LISTEN connection failed; reconnecting")
            self.close()

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(psycopg.Error):
                self.connection.close()
        self.connection = None


def follow(app: Flask, stop: threading.Event | None = None) -> None:
    """Apply the log to this node's index until `stop` is set (call with the follower lock held)."""
    stop = stop or threading.Event()
    poll = float(app.config.get("SEARCH_FOLLOW_POLL_SECONDS", 1.0))
    batch = int(app.config.get("SEARCH_FOLLOW_BATCH", 500))
    with app.app_context():
        listener = Listener()
    log.info("Search follower started for %s (pid %s)", app.config["SEARCH_INDEX_DIR"], os.getpid())
    while not stop.is_set():
        listener.start()
        applied = 0
        with app.app_context():
            try:
                applied = step(batch)
            except Exception:  # the database or index is away: keep trying, the log keeps every change
                log.exception("Search follower pass failed; trying again in %.0fs", RETRY_SECONDS)
                stop.wait(RETRY_SECONDS)
            finally:
                db.session.remove()
        if applied < batch:
            listener.wait(poll)
    listener.close()


# --- election ----------------------------------------------------------------------------------------------
def lead(app: Flask, stop: threading.Event | None = None, wait: bool = True) -> bool:
    """Follow while holding this node's follower lock; with wait, keep trying for it. False if never held."""
    stop = stop or threading.Event()
    path = indexing.current_index(app).root / FOLLOWER_LOCK
    while not stop.is_set():
        try:
            handle = try_lock(path)
        except OSError:  # the index directory is not writable yet: say so, and keep trying
            log.exception("Search follower cannot open its lock file %s", path)
            handle = None
        if handle is not None:
            try:
                follow(app, stop)
            finally:
                handle.close()
            return True
        if not wait:
            return False
        stop.wait(ELECTION_SECONDS)
    return False


_started_in: int | None = None
_start_lock = threading.Lock()


def start_in_thread(app: Flask) -> None:
    """Once per process (a forked worker starts its own): stand for election in a daemon thread."""
    global _started_in
    with _start_lock:
        if _started_in == os.getpid():
            return
        _started_in = os.getpid()
    threading.Thread(target=lead, args=(app,), name="search-follower", daemon=True).start()


def init_app(app: Flask) -> None:
    if app.config.get("SEARCH_FOLLOWER", "thread") != "thread":
        return

    @app.before_request
    def stand_for_election():  # on the first request, so CLI commands never follow
        if _started_in != os.getpid():
            start_in_thread(app)


@indexing.index_cli.command("follow")
def follow_command() -> None:
    """Apply the change log to this node's index as changes commit (one follower per node; waits its turn)."""
    from flask import current_app

    global _searches_here
    _searches_here = False
    app = current_app._get_current_object()
    click.echo(f"Following the change log into {app.config['SEARCH_INDEX_DIR']} (Ctrl+C to stop).")
    lead(app)


@indexing.index_cli.command("trim-log")
@click.option(
    "--keep-days",
    default=changelog.KEEP_DAYS,
    show_default=True,
    type=click.IntRange(min=0),
    help="Keep entries this many days old or newer.",
)
def trim_command(keep_days: int) -> None:
    """Delete old change-log entries; a node whose index is older than what remains rebuilds it."""
    removed = changelog.trim(keep_days)
    click.echo(
        f"Change log trimmed: {removed} entries older than {keep_days} days removed; {changelog.head()} is the newest."
    )
