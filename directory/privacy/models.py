"""Which accounts were closed, and when: the purge makes sure each one holds no personal data."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from directory import clock
from directory.extensions import db


class ClosedAccount(db.Model):
    __tablename__ = "closed_accounts"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    closed_at: Mapped[datetime] = mapped_column(default=clock.now)
