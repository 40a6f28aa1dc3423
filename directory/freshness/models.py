"""When each organisation was last reminded, so nobody is reminded twice within REMIND_EVERY."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from directory import clock
from directory.extensions import db


class FreshnessReminder(db.Model):
    __tablename__ = "freshness_reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(default=clock.now)
    listing_ids: Mapped[list] = mapped_column(sa.JSON, default=list)
    recipients: Mapped[list] = mapped_column(sa.JSON, default=list)
