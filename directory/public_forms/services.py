"""Storing a message from the public and telling the people who should act on it."""

from __future__ import annotations

from directory import clock
from directory.accounts import people
from directory.accounts.models import User
from directory.extensions import db
from directory.listings.models import Listing
from directory.mail.services import deliver_all, queue_email, render_email, site_url_for
from directory.public_forms.models import Message

# Messages about a listing that its organisation's people should answer; anything else is for the directory team.
FOR_THE_ORGANISATION = ("report", "enquiry")


def submit_message(kind: str, *, listing: Listing | None = None, **fields) -> Message:
    """Store a message and email the people who should act on it (see recipients_for)."""
    # Only messages for the organisation show on its dashboard; a question to the directory team stays with it.
    for_organisation = listing is not None and kind in FOR_THE_ORGANISATION
    message = Message(
        kind=kind,
        listing=listing,
        organisation_id=listing.organisation_id if for_organisation else None,
        **{name: value or None for name, value in fields.items()},
    )
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
    """Who is emailed: for a report or enquiry, the organisation's active members, or the moderators when it has
    none (so a message never waits unread for people who are not there); for anything else, the moderators.
    Moderators see every message in /messages either way."""
    if message.kind in FOR_THE_ORGANISATION and message.organisation_id is not None:
        members = people.members_of(message.organisation_id)
        if members:
            return members
    return people.moderators()


def goes_to_organisation(listing: Listing) -> bool:
    """Whether a report or enquiry about this listing reaches people at its organisation (else the directory
    team): what the form and the confirmation tell the sender."""
    return people.has_members(listing.organisation_id)


def can_resolve(user, message: Message) -> bool:
    return user.is_authenticated and (
        user.is_moderator or (message.organisation_id is not None and user.organisation_id == message.organisation_id)
    )


def resolve(message: Message, *, actor: User) -> None:
    if message.status == "resolved":
        return
    message.status = "resolved"
    message.resolved_at = clock.now()
    message.resolved_by = actor
    db.session.commit()
