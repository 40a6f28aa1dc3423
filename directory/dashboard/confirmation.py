"""Who last confirmed a listing is accurate: its provider (the dashboard's "still accurate" button) or a moderator.

The public page says "Confirmed by the provider" only when it was the provider, read from the audit trail.
"""

from __future__ import annotations

import sqlalchemy as sa

from directory.accounts.models import User
from directory.audit import AuditEvent
from directory.extensions import db
from directory.listings.models import Listing


def confirmed_by_provider(listing: Listing) -> bool:
    """True when the latest "verify" event for the listing was by someone acting for its organisation."""
    if listing.id is None or listing.last_verified_at is None:
        return False
    actor = db.session.scalar(
        sa.select(User)
        .join(AuditEvent, AuditEvent.actor_id == User.id)
        .where(AuditEvent.entity_type == "listing", AuditEvent.entity_id == listing.id, AuditEvent.action == "verify")
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(1)
    )
    return actor is not None and actor.organisation_id == listing.organisation_id
