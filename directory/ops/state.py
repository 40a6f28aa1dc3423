"""The directory's state as numbers an operator can graph and alert on, read from the database and the index."""

from __future__ import annotations

import logging

import sqlalchemy as sa

from directory import clock
from directory.extensions import db
from directory.listings import changelog, documents, indexing
from directory.listings.indexing import current_index
from directory.mail.models import OutboxEmail
from directory.submissions.models import Revision

log = logging.getLogger(__name__)


def _count(*where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).where(*where))


def index_readings() -> list[tuple[str, str, float]]:
    """Documents in this node's index against listings searchable in the database, and how far this node's index
    is behind the change log (docs/change-log.md)."""
    expected = documents.searchable_count()
    try:
        indexed = current_index().document_count()
    except Exception:  # a broken index is itself the reading to alert on
        log.exception("Metrics: the search index could not be read")
        indexed = -1
    return [
        ("directory_search_index_documents", "Documents in this node's search index.", indexed),
        ("directory_search_database_listings", "Listings the database says should be searchable.", expected),
        ("directory_search_index_difference", "Searchable listings minus indexed documents.", expected - indexed),
        *change_log_readings(),
    ]


def change_log_readings() -> list[tuple[str, str, float]]:
    """The change log's newest entry against the last one this node's index applied (-1 when it records none)."""
    head = changelog.head()
    applied = current_index().read_meta().get(indexing.APPLIED) if current_index().exists() else None
    return [
        ("directory_change_log_head", "The newest entry in the database's change log.", head),
        (
            "directory_change_log_behind",
            "Change-log entries this node's index has not applied yet.",
            -1 if applied is None else head - applied,
        ),
    ]


def outbox_readings() -> list[tuple[str, str, float]]:
    unsent = OutboxEmail.sent_at.is_(None)
    return [
        (
            "directory_outbox_pending",
            "Emails waiting to be sent, not yet failed.",
            _count(unsent, OutboxEmail.error.is_(None)),
        ),
        (
            "directory_outbox_failed",
            "Emails whose last attempt failed and are not sent.",
            _count(unsent, OutboxEmail.error.is_not(None)),
        ),
    ]


def moderation_readings() -> list[tuple[str, str, float]]:
    pending = Revision.state == "pending"
    oldest = db.session.scalar(sa.select(sa.func.min(Revision.submitted_at)).where(pending))
    age = (clock.now() - oldest).total_seconds() if oldest else 0
    return [
        ("directory_moderation_queue_size", "Revisions waiting for a moderator.", _count(pending)),
        ("directory_moderation_queue_oldest_seconds", "Age of the oldest revision waiting (0 when none).", age),
    ]


def readings() -> list[tuple[str, str, float]]:
    """Every reading that can be taken now; a group that fails (the database down, say) is left out and logged,
    and Prometheus's absent() alerts on it, rather than /metrics failing as a whole."""
    found = []
    for group in (index_readings, outbox_readings, moderation_readings):
        try:
            found.extend(group())
        except Exception:
            log.exception("Metrics: %s failed", group.__name__)
            db.session.rollback()
    return found
