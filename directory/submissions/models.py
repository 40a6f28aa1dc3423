"""Revisions: what a provider proposed for a listing (new or edited), and the moderator's decision on it."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory import clock
from directory.extensions import db

REVISION_STATES = ("draft", "pending", "approved", "rejected", "withdrawn")


class Revision(db.Model):
    """What a provider proposed for a listing. A published listing stays live while its edit waits here."""

    __tablename__ = "revisions"
    __table_args__ = (sa.Index("ix_revisions_state_submitted", "state", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(sa.String(10), default="new")  # "new" listing or "edit" of a published one
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    state: Mapped[str] = mapped_column(sa.String(12), default="draft")
    reason: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    submitted_at: Mapped[datetime | None] = mapped_column()
    decided_at: Mapped[datetime | None] = mapped_column()
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    listing = relationship("Listing")
    organisation = relationship("Organisation")
    author = relationship("User", foreign_keys=[author_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    def __repr__(self) -> str:
        return f"<Revision {self.id} {self.kind} {self.state}>"

    def changes(self, current: dict) -> dict[str, tuple]:
        """Field -> (current value, proposed value) for every field this revision would change."""
        return {name: (current.get(name), value) for name, value in self.data.items() if current.get(name) != value}
