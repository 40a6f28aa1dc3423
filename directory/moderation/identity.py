"""Organisation identity changes: a new name or website for an organisation the public can already see waits for a
moderator, like a listing edit, and the old values stay live until it is approved. Other profile fields (description,
contact details, regions) still go live at once. Decisions are conditional UPDATEs, as for revisions.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value

from directory import clock
from directory.extensions import db
from directory.listings import services
from directory.listings.models import Organisation, organisation_name_key
from directory.moderation.models import record

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


class IdentityDecisionError(Exception):
    """The change was decided or replaced meanwhile, or its name has since been taken."""


def needs_review(organisation: Organisation, data: dict) -> bool:
    """A published organisation's name or website would change."""
    changing = any(name in data and (data[name] or None) != (getattr(organisation, name) or None)
                   for name in IDENTITY_FIELDS)
    return changing and bool(organisation.published_listings())


def propose(organisation: Organisation, data: dict, *, actor) -> IdentityChange:
    """Hold the new name and website for review (replacing an older pending proposal); commits with the caller."""
    db.session.execute(sa.update(IdentityChange).where(IdentityChange.organisation_id == organisation.id,
                                                       IdentityChange.state == "pending").values(state="withdrawn"))
    change = IdentityChange(organisation_id=organisation.id, author_id=getattr(actor, "id", None),
                            name=data.get("name", organisation.name), website=data.get("website"))
    db.session.add(change)
    record("propose-identity", organisation, actor=actor, before=_identity(organisation),
           after={"name": change.name, "website": change.website}, note="Waiting for a moderator")
    return change


def pending() -> list[IdentityChange]:
    return list(db.session.scalars(sa.select(IdentityChange).where(IdentityChange.state == "pending")
                                   .order_by(IdentityChange.submitted_at, IdentityChange.id)))


def pending_for(organisation: Organisation) -> IdentityChange | None:
    return db.session.scalar(sa.select(IdentityChange).where(IdentityChange.organisation_id == organisation.id,
                                                             IdentityChange.state == "pending"))


def approve(change: IdentityChange, *, moderator) -> None:
    organisation = change.organisation
    taken = db.session.scalar(sa.select(Organisation.id).where(
        Organisation.name_key == organisation_name_key(change.name), Organisation.id != organisation.id))
    if taken is not None:
        raise IdentityDecisionError("Another organisation has this name now: reject the change with a reason")
    _claim(change, "approved", moderator)
    before = _identity(organisation)
    organisation.apply({"name": change.name, "website": change.website})
    record("approve-identity", organisation, actor=moderator, before=before, after=_identity(organisation))
    services.commit_and_announce([listing.id for listing in organisation.listings])


def reject(change: IdentityChange, *, moderator, reason: str) -> None:
    _claim(change, "rejected", moderator, reason)
    record("reject-identity", change.organisation, actor=moderator, note=f"Name and website change rejected: {reason}")
    db.session.commit()


def _claim(change: IdentityChange, state: str, moderator, reason: str | None = None) -> None:
    values = {"state": state, "decided_at": clock.now(), "decided_by_id": moderator.id, "reason": reason}
    claimed = db.session.execute(sa.update(IdentityChange).where(
        IdentityChange.id == change.id, IdentityChange.state == "pending").values(**values)
        .execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        db.session.rollback()
        raise IdentityDecisionError(f"This change is already {change.state}")
    for name, value in values.items():
        set_committed_value(change, name, value)


def _identity(organisation: Organisation) -> dict:
    return {"name": organisation.name, "website": organisation.website}
