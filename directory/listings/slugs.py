"""Slugs for listings and organisations: readable, stable once given, unique within their table."""
from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa

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
