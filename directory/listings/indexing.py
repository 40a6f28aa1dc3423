"""Keeps the search index in step with the database: after each commit, on demand, and at start-up.

This is the glue between the models and the search package: it turns listings into plain documents (documents.py)
and hands them to the index. Rebuild, reconcile and the `flask index` commands live here.
"""

from __future__ import annotations

import logging
import os
import time

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup

from directory import clock
from directory.extensions import db
from directory.listings import changelog, documents
from directory.listings.signals import listings_changed
from directory.progress import Progress, command_progress, no_progress
from directory.search import SearchIndex, index_at, resources, use_default_index

log = logging.getLogger(__name__)

APPLIED = "applied_seq"  # in the index's meta.json: the last change-log entry this generation has applied
RECONCILE_ON_START_LIMIT = 20_000  # listings: above this, start-up leaves reconcile to `flask index reconcile`


def current_index(app: Flask | None = None) -> SearchIndex:
    return index_at((app or current_app).config["SEARCH_INDEX_DIR"])


def write_listings(index: SearchIndex, listing_ids, refresh: bool = True) -> tuple[list[int], list[int]]:
    """Re-index or remove exactly these listings as the database has them when this process holds the index's
    write lock, leaving out any the index already holds at that version: (written, removed) ids. Idempotent, so
    the follower and a write-through can both run it."""
    listing_ids = list(listing_ids)
    return index.write_changed(lambda: documents.documents_for(listing_ids), refresh=refresh)


def sync_listings(sender, listing_ids, **_) -> None:
    """Receiver for listings_changed: this process's own index follows its own change at once (read-your-writes);
    other nodes learn of it from the change log (follower.py)."""
    try:
        write_listings(current_index(sender), listing_ids)
    except Exception:  # the commit stands; the follower, or reconcile, repairs the index
        log.exception("Search index update failed for listings %s", listing_ids)


def reconcile(at=None, progress: Progress | None = None) -> dict[str, int]:
    """Make the index hold exactly the listings searchable now, at their current versions; report what changed."""
    progress = progress or no_progress
    index = current_index()
    progress("Comparing", 0, 2)
    wanted = documents.searchable_versions(at)
    try:
        index.invalidate()  # read the files as they are now, not this process's warm snapshot
        have = index.versions()
    except Exception:  # an unreadable segment: no document in it can be trusted, so build afresh
        log.exception("Search index unreadable during reconcile: rebuilding it from the database")
        count = rebuild()
        return {"added": count, "updated": 0, "removed": 0, "total": count, "rebuilt": True}
    progress("Comparing", 2, 2)
    stale = [i for i, v in wanted.items() if have.get(i) != v]
    extra = [i for i in have if i not in wanted]
    changed = stale + extra

    def read():  # under the index's write lock, like every other write (see SearchIndex.write_changed)
        updates, removals = [], []
        for start in range(0, len(changed), documents.BATCH):
            found, gone = documents.documents_for(changed[start : start + documents.BATCH], at)
            updates.extend(found)
            removals.extend(gone)
            progress("Reading changed listings", min(start + documents.BATCH, len(changed)), len(changed))
        return updates, removals

    progress("Writing index", 0, 1)
    if changed:
        index.write_changed(read)
    progress("Writing index", 1, 1)
    return {
        "added": sum(1 for i in stale if i not in have),
        "updated": sum(1 for i in stale if i in have),
        "removed": len(extra),
        "total": len(wanted),
    }


def rebuild(procs: int = 1, progress: Progress | None = None) -> int:
    """Build a complete new index from the database in a new directory and swap it in; then catch up. The new
    index records the change log's head as read before the build, so its follower applies anything later."""
    # All of it at the build's lower priority, the catch-up too: it runs while the workers swap the new version in.
    with resources.lowered_priority():
        position = changelog.head()
        total = documents.searchable_count()
        count = current_index().rebuild(
            documents.searchable_documents(), procs=procs, progress=progress, total=total, meta={APPLIED: position}
        )
        reconcile(progress=progress)  # anything committed while the build ran
    return count


def reconcile_on_start(app: Flask) -> None:
    """Reconcile when it is cheap (a modest number of listings); never stop the app from starting."""
    if not app.config.get("SEARCH_RECONCILE_ON_START"):
        return
    try:
        with app.app_context():
            if not sa.inspect(db.engine).has_table("listings"):
                return
            count = db.session.scalar(sa.select(sa.func.count()).select_from(documents.Listing))
            if count > RECONCILE_ON_START_LIMIT:
                log.warning("Search index: %s listings, run `flask index reconcile` to check the index", count)
                return
            reconcile()
    except Exception:  # a broken index must not stop the site: searches show what the index has
        log.exception("Search index reconcile at start-up failed")


index_cli = AppGroup("index", help="The search index: rebuild it from the database, or reconcile differences.")


@index_cli.command("rebuild")
@click.option("--procs", default=1, show_default=True, help="Writer processes (2 halves a large build).")
def rebuild_command(procs: int) -> None:
    """Build the whole index from the database into a new directory, then swap it in."""
    started = time.monotonic()
    with command_progress() as progress:
        count = rebuild(procs=max(1, procs), progress=progress)
    click.echo(f"Search index rebuilt: {count} listings in {time.monotonic() - started:.1f}s.")


@index_cli.command("reconcile")
def reconcile_command() -> None:
    """Add missing, refresh stale and remove extra documents so the index matches the database now."""
    with command_progress() as progress:
        summary = reconcile(progress=progress)
    if summary.get("rebuilt"):
        click.echo("Search index was unreadable, so it was rebuilt from the database.")
    click.echo(
        f"Search index reconciled at {clock.now():%Y-%m-%d %H:%M}: {summary['added']} added, "
        f"{summary['updated']} updated, {summary['removed']} removed; {summary['total']} listings searchable."
    )


def init_app(app: Flask) -> None:
    from directory.listings import follower  # registers `flask index follow` and `trim-log` on index_cli

    listings_changed.connect(sync_listings)  # blinker keeps one connection however many apps call this
    use_default_index(current_index)  # searches that name no index use the current app's SEARCH_INDEX_DIR
    follower.init_app(app)
    os.makedirs(app.config["SEARCH_INDEX_DIR"], exist_ok=True)
    reconcile_on_start(app)
    if app.config.get("SEARCH_BACKGROUND_REFRESH", not app.testing):
        current_index(app).refresh_in_background(app.config.get("SEARCH_REFRESH_SECONDS", 0.5))
