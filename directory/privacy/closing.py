"""Closing an account: the person's name, email address and password are removed at once and they are signed out.

What stays: the user row (as "Closed account", unable to sign in) so that the audit trail and the revisions they
wrote still say that someone made each change; in audit notes their name and email address are replaced.
"""

from __future__ import annotations

import sqlalchemy as sa

from directory.accounts.models import JoinRequest, User
from directory.audit import AuditEvent, record
from directory.extensions import db
from directory.mail.models import OutboxEmail
from directory.privacy.models import ClosedAccount
from directory.public_forms.models import Message

CLOSED_NAME = "Closed account"
CLOSED_DOMAIN = "closed.invalid"  # .invalid can never be a real address (RFC 2606)
UNUSABLE_PASSWORD = "!closed"  # not an argon2 hash, so no password ever matches it


def is_anonymised(user: User) -> bool:
    return user.email.endswith("@" + CLOSED_DOMAIN)


def close_account(user: User) -> None:
    """Close the account and remove its personal data, in one transaction."""
    if db.session.get(ClosedAccount, user.id) is None:
        db.session.add(ClosedAccount(user_id=user.id))
    record("close", user, actor=user, note="Account closed by its owner")
    anonymise(user)
    db.session.commit()


def anonymise(user: User) -> None:
    """Replace what identifies the person wherever the site keeps it; the caller commits."""
    name, email = user.name, user.email
    _replace_in_audit_notes(f"{name} <{email}>", CLOSED_NAME)
    _replace_in_audit_notes(email, CLOSED_NAME)
    db.session.execute(sa.delete(JoinRequest).where(JoinRequest.user_id == user.id))
    db.session.execute(sa.delete(OutboxEmail).where(sa.func.lower(OutboxEmail.to) == email))
    db.session.execute(sa.update(Message).where(sa.func.lower(Message.email) == email).values(name=None, email=None))
    user.name = CLOSED_NAME
    user.email = f"closed-{user.id}@{CLOSED_DOMAIN}"
    user.password_hash = UNUSABLE_PASSWORD
    user.active = False
    user.organisation_id = None
    user.last_signed_in_at = None


def _replace_in_audit_notes(text: str, replacement: str) -> None:
    db.session.execute(
        sa.update(AuditEvent)
        .where(AuditEvent.note.contains(text, autoescape=True))
        .values(note=sa.func.replace(AuditEvent.note, text, replacement))
        .execution_options(synchronize_session=False)
    )


def anonymise_closed_accounts() -> int:
    """The purge's check: any closed account still holding personal data is cleared; returns how many."""
    users = db.session.scalars(sa.select(User).join(ClosedAccount, ClosedAccount.user_id == User.id))
    left = [user for user in users if not is_anonymised(user)]
    for user in left:
        anonymise(user)
    return len(left)
