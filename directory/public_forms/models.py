"""One table for every message the public sends through the site."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory import clock
from directory.extensions import db

MESSAGE_KINDS = {
    "report": "Problem reported",
    "enquiry": "Employer enquiry",
    "suggestion": "Suggested resource",
    "question": "Question for the directory team",
    "site_problem": "Problem with the site",
}
MESSAGE_STATUSES = ("new", "resolved")


class Message(db.Model):
    __tablename__ = "messages"
    __table_args__ = (sa.Index("ix_messages_organisation_status", "organisation_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    listing_id: Mapped[int | None] = mapped_column(sa.ForeignKey("listings.id", ondelete="SET NULL"), index=True)
    # The listing's organisation when the message arrived: whose dashboard shows it.
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id", ondelete="SET NULL"))
    name: Mapped[str | None] = mapped_column(sa.String(200))
    sender_organisation: Mapped[str | None] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    body: Mapped[str] = mapped_column(sa.Text)
    resource_name: Mapped[str | None] = mapped_column(sa.String(200))
    resource_url: Mapped[str | None] = mapped_column(sa.String(500))
    status: Mapped[str] = mapped_column(sa.String(12), default="new", index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now, index=True)
    resolved_at: Mapped[datetime | None] = mapped_column()
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    listing = relationship("Listing")
    organisation = relationship("Organisation")
    resolved_by = relationship("User")

    def __repr__(self) -> str:
        return f"<Message {self.id} {self.kind} {self.status}>"

    @property
    def kind_label(self) -> str:
        return MESSAGE_KINDS.get(self.kind, self.kind)

    @property
    def is_new(self) -> bool:
        return self.status == "new"
