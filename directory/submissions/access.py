"""Ownership checks: a provider acts only for their own organisation, and anything belonging to another
organisation answers 404, so its existence is not revealed. Who may see a page at all is decided by the
decorators in directory/accounts/decorators.py.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from directory.extensions import db
from directory.listings.models import Listing


def own_listing_or_404(listing_id: int) -> Listing:
    """A listing of the signed-in provider's organisation; anything else (or nothing) is 'not found'."""
    listing = db.session.get(Listing, listing_id)
    if listing is None or listing.organisation_id != current_user.organisation_id:
        abort(404)
    return listing
