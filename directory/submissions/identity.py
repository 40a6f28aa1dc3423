"""Organisation identity changes, the provider's side: a new name or website for an organisation the public can
already see is held as a proposal for a moderator (directory.moderation.identity decides), like a listing edit, and
the old values stay live until it is approved. Other profile fields go live at once.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory import clock
from directory.audit import record
from directory.extensions import db
from directory.listings.models import Organisation

IDENTITY_FIELDS = ("name", "website")


class IdentityChange(db.Model):
    """A proposed name and website for a published organisation, and the moderator's decision."""

    __tablename__ = "identity_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(sa.String(200))
    website: Mapped[str | None] = mapped_column(sa.String(500))
    state: Mapped[str] = mapped_column(sa.String(12), default="pending", index=True)
    reason: Mapped[str | None] = mapped_column(sa.Text)
    submitted_at: Mapped[datetime] = mapped_column(default=clock.now)
    decided_at: Mapped[datetime | None] = mapped_column()
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    organisation = relationship("Organisation")
    decided_by = relationship("User", foreign_keys=[decided_by_id])


def needs_review(organisation: Organisation, data: dict) -> bool:
    """A published organisation's name or website would change."""
    changing = any(
        name in data and (data[name] or None) != (getattr(organisation, name) or None) for name in IDENTITY_FIELDS
    )
    return changing and bool(organisation.published_listings())


def propose(organisation: Organisation, data: dict, *, actor) -> IdentityChange:
    """Hold the new name and website for review (replacing an older pending proposal); commits with the caller."""
    db.session.execute(
        sa.update(IdentityChange)
        .where(IdentityChange.organisation_id == organisation.id, IdentityChange.state == "pending")
        .values(state="withdrawn")
    )
    change = IdentityChange(
        organisation_id=organisation.id,
        author_id=getattr(actor, "id", None),
        name=data.get("name", organisation.name),
        website=data.get("website"),
    )
    db.session.add(change)
    record(
        "propose-identity",
        organisation,
        actor=actor,
        before=identity_of(organisation),
        after={"name": change.name, "website": change.website},
        note="Waiting for a moderator",
    )
    return change


def pending_for(organisation: Organisation) -> IdentityChange | None:
    return db.session.scalar(
        sa.select(IdentityChange).where(
            IdentityChange.organisation_id == organisation.id, IdentityChange.state == "pending"
        )
    )


def identity_of(organisation: Organisation) -> dict:
    """The organisation's name and website as they are now (the values a change proposes to replace)."""
    return {"name": organisation.name, "website": organisation.website}
