"""An alert (an email address and a search) and the listings each alert has already sent, so none goes twice."""

from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory import clock
from directory.extensions import db

FREQUENCIES = {"daily": "Daily", "weekly": "Weekly"}


def new_secret() -> str:
    """The random part of an alert's links: a link made for one alert never fits another (tokens.py)."""
    return secrets.token_urlsafe(16)


class SearchAlert(db.Model):
    __tablename__ = "search_alerts"
    # Ids are never reused on SQLite either (PostgreSQL's sequences never reuse them), so an id names one alert.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    secret: Mapped[str] = mapped_column(sa.String(32), default=new_secret)  # signed into every link to the alert
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    query: Mapped[str] = mapped_column(sa.String(200), default="")
    place: Mapped[str] = mapped_column(sa.String(100), default="")
    filters: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # clean_filters()'s output: {facet: [codes]}
    distance: Mapped[int | None] = mapped_column()
    national: Mapped[bool] = mapped_column(default=True)
    frequency: Mapped[str] = mapped_column(sa.String(10), default="weekly")
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    confirmed_at: Mapped[datetime | None] = mapped_column(index=True)
    checked_at: Mapped[datetime | None] = mapped_column()  # when the last digest run looked for new matches
    # Deleted with the alert by the ORM (SQLite does not enforce the foreign key's ON DELETE CASCADE here).
    sent: Mapped[list[AlertDelivery]] = relationship(back_populates="alert", cascade="all, delete-orphan")

    @property
    def frequency_label(self) -> str:
        return FREQUENCIES.get(self.frequency, self.frequency)

    def __repr__(self) -> str:
        return f"<SearchAlert {self.id} {self.frequency} {'confirmed' if self.confirmed_at else 'unconfirmed'}>"


class AlertDelivery(db.Model):
    """One listing one alert has emailed: the digest leaves it out next time, whatever changes."""

    __tablename__ = "search_alert_deliveries"

    alert_id: Mapped[int] = mapped_column(sa.ForeignKey("search_alerts.id", ondelete="CASCADE"), primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        sa.ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    sent_at: Mapped[datetime] = mapped_column(default=clock.now)
    alert: Mapped[SearchAlert] = relationship(back_populates="sent")
