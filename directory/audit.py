"""The audit trail every feature writes: who changed what, when, and the values before and after. It sits on the
bottom floor (it imports no feature), so that listings, accounts, submissions, moderation and privacy can all write it.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory import clock
from directory.extensions import db


class AuditEvent(db.Model):
    """One change to the directory: who, when, what, and the values before and after."""

    __tablename__ = "audit_events"
    __table_args__ = (sa.Index("ix_audit_events_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=clock.now, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(sa.String(40))
    entity_type: Mapped[str] = mapped_column(sa.String(20))
    entity_id: Mapped[int] = mapped_column()
    before: Mapped[dict | None] = mapped_column(sa.JSON)
    after: Mapped[dict | None] = mapped_column(sa.JSON)
    note: Mapped[str | None] = mapped_column(sa.Text)

    actor = relationship("User")  # by name: the accounts feature above defines it


def record(
    action: str, entity, *, actor=None, before: dict | None = None, after: dict | None = None, note: str | None = None
) -> AuditEvent:
    """Add an audit event to the session (committed with the change it describes). Only changed keys are kept."""
    if before is not None and after is not None:
        changed = {key for key in set(before) | set(after) if before.get(key) != after.get(key)}
        before = {key: before.get(key) for key in sorted(changed)}
        after = {key: after.get(key) for key in sorted(changed)}
    event = AuditEvent(
        action=action,
        entity_type=entity.__tablename__.rstrip("s"),
        entity_id=entity.id,
        actor_id=getattr(actor, "id", None),
        before=before,
        after=after,
        note=note,
    )
    db.session.add(event)
    return event
