"""What can happen to a listing or organisation, in one place: every state change commits, then announces itself."""

from __future__ import annotations

from flask import current_app

from directory import clock, taxonomy
from directory.audit import record
from directory.extensions import db
from directory.listings.models import Listing
from directory.listings.signals import listings_changed


def commit_and_announce(listing_ids) -> None:
    """Commit the session, then tell derived data which listings changed (after the commit, never before)."""
    db.session.commit()
    ids = sorted({listing_id for listing_id in listing_ids if listing_id is not None})
    if ids:
        listings_changed.send(current_app._get_current_object(), listing_ids=ids)


def publish(listing: Listing, *, actor=None, note: str | None = None) -> None:
    before = {"status": listing.status}
    listing.status = taxonomy.PUBLISHED
    now = clock.now()
    listing.published_at = listing.published_at or now
    listing.updated_at = now
    db.session.flush()
    record("publish", listing, actor=actor, before=before, after={"status": taxonomy.PUBLISHED}, note=note)
    commit_and_announce([listing.id])


def archive(listing: Listing, *, actor=None, note: str | None = None) -> None:
    before = {"status": listing.status}
    listing.status = taxonomy.ARCHIVED
    listing.updated_at = clock.now()
    record("archive", listing, actor=actor, before=before, after={"status": taxonomy.ARCHIVED}, note=note)
    commit_and_announce([listing.id])


def set_availability(listing: Listing, availability: str, *, actor=None) -> None:
    """Mark a listing temporarily closed or running again: no review needed, the change is public at once."""
    before = {"availability": listing.availability}
    listing.availability = availability
    listing.updated_at = clock.now()
    record("availability", listing, actor=actor, before=before, after={"availability": availability})
    commit_and_announce([listing.id])


def verify(listing: Listing, *, actor=None) -> None:
    """Someone responsible confirmed the listing is still accurate."""
    before = {"last_verified_at": _iso(listing.last_verified_at)}
    listing.last_verified_at = clock.now()
    listing.updated_at = listing.last_verified_at
    record("verify", listing, actor=actor, before=before, after={"last_verified_at": _iso(listing.last_verified_at)})
    commit_and_announce([listing.id])


def _iso(value):
    return value.isoformat() if value else None
