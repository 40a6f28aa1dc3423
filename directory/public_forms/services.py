"""Storing a message from the public and telling the people who should act on it."""
from __future__ import annotations

import sqlalchemy as sa

from directory import clock
from directory.accounts.models import User
from directory.extensions import db
from directory.listings.models import Listing
from directory.mail.services import deliver_all, queue_email, render_email, site_url_for
from directory.public_forms.models import Message


def submit_message(kind: str, *, listing: Listing | None = None, **fields) -> Message:
    """Store a message and queue an email to the listing's provider (if any) and every moderator."""
    message = Message(kind=kind, listing=listing, organisation_id=listing.organisation_id if listing else None,
                      **{name: value or None for name, value in fields.items()})
    message.body = fields.get("body") or ""
    db.session.add(message)
    db.session.flush()
    emails = []
    for recipient in recipients_for(message):
        link = site_url_for("public_forms.inbox") if recipient.is_moderator else _provider_link()
        subject, body = render_email(f"message_{kind}", message=message, recipient=recipient, link=link)
        emails.append(queue_email(recipient.email, subject, body))
    db.session.commit()
    deliver_all(emails)
    return message


def _provider_link() -> str:
    return site_url_for("dashboard.index")


def recipients_for(message: Message) -> list[User]:
    """The provider's active users (for a listing) and all active moderators, each once."""
    who = User.role.in_(("moderator", "admin"))
    if message.organisation_id is not None:
        who = sa.or_(who, User.organisation_id == message.organisation_id)
    return list(db.session.scalars(sa.select(User).where(User.active.is_(True), who).order_by(User.id)))


def can_resolve(user, message: Message) -> bool:
    return user.is_authenticated and (user.is_moderator or (
        message.organisation_id is not None and user.organisation_id == message.organisation_id))


def resolve(message: Message, *, actor: User) -> None:
    if message.status == "resolved":
        return
    message.status = "resolved"
    message.resolved_at = clock.now()
    message.resolved_by = actor
    db.session.commit()
