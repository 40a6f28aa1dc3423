"""Slugs for listings and organisations: readable, stable once given, unique within their table."""

from __future__ import annotations

import re
import secrets
import unicodedata

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from directory.extensions import db


def slugify(text: str, limit: int = 120, fallback: str = "listing") -> str:
    """Lower-case ASCII words joined by hyphens: 'Lab Tech (Level 3)' -> 'lab-tech-level-3'."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))[:limit].strip("-")
    return slug or fallback


def unique_slug(column, text: str, limit: int = 120, fallback: str = "listing") -> str:
    """slugify(text), with -2, -3... added when `column` (e.g. Listing.slug) already holds it; one query."""
    base = slugify(text, limit, fallback)
    taken = set(db.session.scalars(sa.select(column).where(sa.or_(column == base, column.like(f"{base}-%")))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def add_with_unique_slug(make, column, text: str, limit: int = 120, fallback: str = "listing", attempts: int = 5):
    """Add `make(slug)` to the session and flush it in a savepoint. When another request took the same slug between
    our look and our insert (a unique violation), look again and retry, so concurrent creation never loses work;
    after two clashes a random suffix ends the contest. Any other integrity error is raised as it is."""
    for attempt in range(attempts):
        slug = unique_slug(column, text, limit, fallback)
        if attempt >= 2:
            slug = f"{slug[: limit - 5]}-{secrets.token_hex(2)}"
        item = make(slug)
        try:
            with db.session.begin_nested():
                db.session.add(item)
            return item
        except IntegrityError:
            if item in db.session:
                db.session.expunge(item)
            if db.session.scalar(sa.select(sa.func.count()).where(column == slug)) == 0:
                raise  # not the slug: some other constraint refused the row
    raise IntegrityError("slug", None, Exception(f"no free slug for {text!r} after {attempts} attempts"))
