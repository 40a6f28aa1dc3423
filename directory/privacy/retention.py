"""How long personal data is kept, and the purge that enforces it (run daily: `flask privacy purge`).

RULES is the one declaration: the purge applies it and the privacy notice shows it, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from directory import clock
from directory.alerts.services import UNCONFIRMED_DAYS, purge_unconfirmed
from directory.extensions import db
from directory.mail.models import OutboxEmail
from directory.public_forms.models import Message

REMOVED_BODY = "(Removed: emails are kept for 30 days.)"


@dataclass(frozen=True)
class Rule:
    code: str
    what: str
    kept: str
    after: timedelta | None


RULES = (
    Rule(
        "messages",
        "Messages and problem reports sent through the site (name, email address, message)",
        "12 months from when they were sent, then deleted",
        timedelta(days=365),
    ),
    Rule(
        "outbox",
        "Copies of emails the site sends (to, subject, body, and for alert emails their unsubscribe link)",
        "the body and the unsubscribe link for 30 days, then removed; an email still unsent after 30 days is "
        "deleted; alert emails are deleted, sent or not, when the address's last alert is deleted",
        timedelta(days=30),
    ),
    Rule(
        "alerts",
        "Email alerts (your email address, the search you saved, how often, and which listings we have "
        "already sent you)",
        "until you unsubscribe or delete the alert, when all of it is deleted at once (with our copies of your "
        "alert emails, when it is your last alert); an alert not confirmed "
        f"within {UNCONFIRMED_DAYS} days is deleted",
        timedelta(days=UNCONFIRMED_DAYS),
    ),
    Rule(
        "closed-accounts",
        "Accounts that are closed (name, email address, password)",
        "removed at once when the account is closed; the daily purge checks none remain",
        None,
    ),
    Rule(
        "audit",
        "The record of changes to listings and organisations",
        "kept while the directory runs, because it shows who changed public information; the name and email "
        "address of a person whose account is closed are replaced",
        None,
    ),
)


def _delete(model, *where) -> int:
    return db.session.execute(sa.delete(model).where(*where).execution_options(synchronize_session=False)).rowcount


def purge_messages(now: datetime) -> int:
    return _delete(Message, Message.created_at < now - timedelta(days=365))


def purge_outbox(now: datetime) -> dict[str, int]:
    cutoff = now - timedelta(days=30)
    unsent = _delete(OutboxEmail, OutboxEmail.sent_at.is_(None), OutboxEmail.created_at < cutoff)
    emptied = db.session.execute(
        sa.update(OutboxEmail)
        .where(OutboxEmail.sent_at.is_not(None), OutboxEmail.created_at < cutoff, OutboxEmail.body != REMOVED_BODY)
        .values(body=REMOVED_BODY, headers=sa.null())
        .execution_options(synchronize_session=False)
    ).rowcount
    return {"bodies": emptied, "unsent": unsent}


def purge(now: datetime | None = None) -> dict[str, int]:
    """Apply every rule in one transaction; returns how many records each rule removed or emptied."""
    from directory.privacy.closing import anonymise_closed_accounts

    now = now or clock.now()
    outbox = purge_outbox(now)
    summary = {
        "messages deleted": purge_messages(now),
        "email bodies removed": outbox["bodies"],
        "unsent emails deleted": outbox["unsent"],
        "closed accounts cleared": anonymise_closed_accounts(),
        "unconfirmed alerts deleted": purge_unconfirmed(now),
    }
    db.session.commit()
    return summary
