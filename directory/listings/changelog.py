"""The change log: every change that affects search, written in the same transaction as the change itself and
numbered in commit order, so every web node's index can follow the database (directory/listings/follower.py).

No write path has to remember it. SQLAlchemy session events watch every flush for listings (and their terms and
venues) and organisations that were added, changed or deleted, and just before the commit one row per listing or
organisation is inserted into `change_log`. A row says only *which* record changed; whoever applies it reads the
record as it is then, so applying a row twice, or a newer state early, is harmless.

Order: on PostgreSQL the rows are inserted under a transaction-level advisory lock taken at the very end of the
transaction, so sequence numbers are handed out in commit order (a follower that has seen number n will never
later see a smaller one commit) and the lock is held only for the insert and the commit. The insert also sends a
NOTIFY on `CHANNEL`, delivered at commit, to wake followers. On SQLite one writer at a time holds the database's
write lock from its first change to its commit, which gives the same order.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from directory import clock, taxonomy
from directory.extensions import db
from directory.listings.models import Listing, ListingTerm, ListingVenue, Organisation

CHANNEL = "search_changes"
LOCK_KEY = 0x5EA2C4  # pg_advisory_xact_lock key that orders change-log inserts
PENDING = "change_log_pending"
LISTING, ORGANISATION = "listing", "organisation"
KEEP_DAYS = 7


class ChangeLogEntry(db.Model):
    """One change that affects search: which listing or organisation, numbered in commit order."""

    __tablename__ = "change_log"
    __table_args__ = {"sqlite_autoincrement": True}  # never reuse a number, even after trimming the newest

    seq: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    kind: Mapped[str] = mapped_column(sa.String(20))
    object_id: Mapped[int] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = mapped_column(default=clock.now, index=True)


class ChangeLogTrim(db.Model):
    """The one row saying how far the log has been trimmed: entries up to through_seq are gone."""

    __tablename__ = "change_log_trim"

    id: Mapped[int] = mapped_column(primary_key=True)
    through_seq: Mapped[int] = mapped_column(sa.BigInteger().with_variant(sa.Integer(), "sqlite"), default=0)


# --- writing: session events ---------------------------------------------------------------------------------
def _may_be_published(session: Session, listing: Listing) -> bool:
    """False only when the listing is known to have been unpublished both before and after this flush (a draft
    saved again): nothing in search can have changed. Unknown old values count as "may be"."""
    history = sa.inspect(listing).attrs.status.history
    seen = {*history.added, *history.unchanged, *history.deleted}
    old_known = listing in session.new or bool(history.unchanged) or bool(history.deleted)
    return not seen or not old_known or taxonomy.PUBLISHED in seen


def _affected(session: Session, obj, flushed: dict[int, Listing]) -> tuple[str, int] | None:
    if isinstance(obj, Listing):
        if obj in session.dirty and not session.is_modified(obj):
            return None
        return (LISTING, obj.id) if _may_be_published(session, obj) else None
    if isinstance(obj, (ListingTerm, ListingVenue)):
        if obj.listing_id is None:
            return None
        parent = flushed.get(obj.listing_id) or session.identity_map.get(session.identity_key(Listing, obj.listing_id))
        if parent is not None and not _may_be_published(session, parent):
            return None
        return LISTING, obj.listing_id
    if isinstance(obj, Organisation):
        if obj in session.dirty and not session.is_modified(obj):
            return None
        return ORGANISATION, obj.id
    return None


def _collect(session: Session, _flush_context) -> None:
    """after_flush: remember which listings and organisations this transaction touched (ids exist by now)."""
    pending = session.info.setdefault(PENDING, set())
    touched = (*session.new, *session.dirty, *session.deleted)
    flushed = {obj.id: obj for obj in touched if isinstance(obj, Listing)}  # new ones are not in the map yet
    for obj in touched:
        key = _affected(session, obj, flushed)
        if key is not None and key[1] is not None:
            pending.add(key)


def _write(session: Session) -> None:
    """before_commit: flush what is left, then log everything the transaction touched, in commit order."""
    if session.new or session.dirty or session.deleted:
        session.flush()
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    now = clock.now()
    session.execute(
        ChangeLogEntry.__table__.insert(),
        [{"kind": kind, "object_id": object_id, "created_at": now} for kind, object_id in sorted(pending)],
    )
    if postgres:
        session.execute(sa.text("SELECT pg_notify(:channel, '')"), {"channel": CHANNEL})


def _forget(session: Session, transaction) -> None:
    """after_transaction_end: a rolled-back transaction's changes never happened."""
    if transaction.parent is None:
        session.info.pop(PENDING, None)


def install() -> None:
    """Listen on every session (idempotent: SQLAlchemy keeps one registration per function)."""
    for name, function in (("after_flush", _collect), ("before_commit", _write), ("after_transaction_end", _forget)):
        if not sa.event.contains(Session, name, function):
            sa.event.listen(Session, name, function)


install()


# --- reading and trimming ----------------------------------------------------------------------------------
def head() -> int:
    """The newest sequence number (0 when nothing was ever logged or kept)."""
    newest = db.session.scalar(sa.select(sa.func.max(ChangeLogEntry.seq)))
    return max(newest or 0, trimmed_through())


def trimmed_through() -> int:
    """Entries up to this number have been deleted: an index that applied less must be rebuilt."""
    return db.session.scalar(sa.select(ChangeLogTrim.through_seq).where(ChangeLogTrim.id == 1)) or 0


def entries_after(seq: int, limit: int) -> list[tuple[int, str, int]]:
    """(seq, kind, object id) of the next `limit` entries after `seq`, oldest first."""
    rows = db.session.execute(
        sa.select(ChangeLogEntry.seq, ChangeLogEntry.kind, ChangeLogEntry.object_id)
        .where(ChangeLogEntry.seq > seq)
        .order_by(ChangeLogEntry.seq)
        .limit(limit)
    )
    return [tuple(row) for row in rows]


def listing_ids(entries) -> list[int]:
    """The listings a batch of entries is about: each listing entry, and every listing of each organisation."""
    ids = {object_id for _, kind, object_id in entries if kind == LISTING}
    organisations = sorted({object_id for _, kind, object_id in entries if kind == ORGANISATION})
    for start in range(0, len(organisations), 500):
        chunk = organisations[start : start + 500]
        ids.update(db.session.scalars(sa.select(Listing.id).where(Listing.organisation_id.in_(chunk))))
    return sorted(ids)


def trim(keep_days: int = KEEP_DAYS, at: datetime | None = None) -> int:
    """Delete entries older than `keep_days` (the newest entry is always kept); return how many went. A node whose
    index applied less than what was deleted rebuilds its index when its follower next starts."""
    cutoff = (at or clock.now()) - timedelta(days=keep_days)
    newest = db.session.scalar(sa.select(sa.func.max(ChangeLogEntry.seq)))
    through = db.session.scalar(
        sa.select(sa.func.max(ChangeLogEntry.seq)).where(
            ChangeLogEntry.created_at < cutoff, ChangeLogEntry.seq < (newest or 0)
        )
    )
    if through is None:
        return 0
    removed = db.session.execute(sa.delete(ChangeLogEntry).where(ChangeLogEntry.seq <= through)).rowcount
    marker = db.session.get(ChangeLogTrim, 1)
    if marker is None:
        db.session.add(ChangeLogTrim(id=1, through_seq=through))
    else:
        marker.through_seq = max(marker.through_seq, through)
    db.session.commit()
    return removed
