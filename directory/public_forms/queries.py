"""Messages for the pages that show them: a provider's dashboard and the moderators' inbox.

Both return Message objects, newest first, ready for templates/public_forms/_messages.html.
"""

from __future__ import annotations

import sqlalchemy as sa

from directory.extensions import db
from directory.public_forms.models import Message


def messages_for_organisation(
    organisation_id: int, *, include_resolved: bool = True, limit: int = 200
) -> list[Message]:
    """Reports and employer enquiries about one organisation's listings."""
    query = sa.select(Message).where(Message.organisation_id == organisation_id)
    if not include_resolved:
        query = query.where(Message.status == "new")
    return list(db.session.scalars(query.order_by(Message.created_at.desc(), Message.id.desc()).limit(limit)))


def messages_for_moderators(*, include_resolved: bool = False, limit: int = 500) -> list[Message]:
    """Every message (reports, enquiries and suggestions); by default only those not yet resolved."""
    query = sa.select(Message)
    if not include_resolved:
        query = query.where(Message.status == "new")
    return list(db.session.scalars(query.order_by(Message.created_at.desc(), Message.id.desc()).limit(limit)))


def count_new_for_moderators() -> int:
    """Messages not yet resolved: what a moderator's dashboard says is waiting in /messages."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Message).where(Message.status == "new")) or 0
