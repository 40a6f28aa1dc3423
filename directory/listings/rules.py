"""The rules that decide who sees a listing, each written once for Python and SQL: published, verified since,
needs verification, stale, searchable. `Listing` takes them from `ListingRules`, so `listing.is_searchable()` and
`select(Listing).where(Listing.is_searchable(at))` are the same rule (tests/listings/test_rules.py holds them equal).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_method, hybrid_property

from directory import clock, taxonomy

# Freshness: a listing asks its provider to re-verify after 12 months; after 18 it leaves search.
VERIFY_AFTER = timedelta(days=365)
STALE_AFTER = timedelta(days=548)


def in_words(age: timedelta) -> str:
    """An age as pages and emails say it: "a year", "18 months" (whole months)."""
    months = round(age.days * 12 / 365.25)
    return "a year" if months == 12 else f"{months} months"


# The ages in words for templates (registered as the `listing_ages` global), so no page retypes "18 months".
AGES_IN_WORDS = {"verify": in_words(VERIFY_AFTER), "stale": in_words(STALE_AFTER)}


# A record taken from a dated document was vouched for on the document's date (taxonomy.SOURCE_DATES), at midnight.
SOURCE_DAYS = {code: datetime.combine(dated.on, datetime.min.time()) for code, dated in taxonomy.SOURCE_DATES.items()}


def _now(at: datetime | None) -> datetime:
    return at or clock.now()


class ListingRules:
    """Mixed into `Listing` (which supplies status, source, last_verified_at, published_at and created_at).

    Where Python and SQL cannot share one expression (`or` against COALESCE, `and` against AND), the two forms sit
    side by side under one name, and a test runs both over the same rows."""

    # --- published: the only status the public sees ---------------------------------------------------------------
    @hybrid_property
    def is_public(self):
        """Published: shown on its page, in the API, the sitemap and exports (`status == published`)."""
        return self.status == taxonomy.PUBLISHED

    # --- verified since: when someone last vouched for the listing --------------------------------------------------
    @hybrid_property
    def verified_since(self) -> datetime:
        """The provider's last confirmation; else, for a record taken from a dated document, that document's date
        (never the day it was loaded); else published, else created."""
        return self.last_verified_at or SOURCE_DAYS.get(self.source) or self.published_at or self.created_at

    @verified_since.inplace.expression
    @classmethod
    def _verified_since_sql(cls) -> sa.ColumnElement:
        by_source = sa.case(
            *((cls.source == code, sa.literal(day, sa.DateTime)) for code, day in SOURCE_DAYS.items()), else_=sa.null()
        )
        return sa.func.coalesce(cls.last_verified_at, by_source, cls.published_at, cls.created_at)

    # --- needs verification: published and not vouched for in VERIFY_AFTER -----------------------------------------
    @hybrid_method
    def needs_verification(self, at: datetime | None = None) -> bool:
        return self.is_public and self.verified_since <= _now(at) - VERIFY_AFTER

    @needs_verification.expression
    def needs_verification(cls, at: datetime | None = None) -> sa.ColumnElement:
        return sa.and_(cls.is_public, cls.verified_since <= _now(at) - VERIFY_AFTER)

    # --- stale and searchable: published listings older than STALE_AFTER leave search -------------------------------
    @hybrid_method
    def is_stale(self, at: datetime | None = None) -> bool:
        return self.is_public and self.verified_since <= _now(at) - STALE_AFTER

    @is_stale.expression
    def is_stale(cls, at: datetime | None = None) -> sa.ColumnElement:
        return sa.and_(cls.is_public, cls.verified_since <= _now(at) - STALE_AFTER)

    @hybrid_method
    def is_searchable(self, at: datetime | None = None) -> bool:
        """Published and verified within STALE_AFTER: what the search index holds."""
        return self.is_public and self.verified_since > _now(at) - STALE_AFTER

    @is_searchable.expression
    def is_searchable(cls, at: datetime | None = None) -> sa.ColumnElement:
        return sa.and_(cls.is_public, cls.verified_since > _now(at) - STALE_AFTER)
