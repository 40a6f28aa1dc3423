"""Who may do what, in one small module the accounts feature's decorators can replace at merge.

Anonymous people are sent to sign in (or refused with 401 until the sign-in page exists). A provider acts only for
their own organisation: anything belonging to another organisation answers 404, so its existence is not revealed.
"""
from __future__ import annotations

from functools import wraps

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from directory.extensions import db
from directory.listings.models import Listing


def _sign_in_or_refuse():
    if "accounts.sign_in" in current_app.view_functions:
        return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))
    abort(401)


def provider_required(view):
    """Signed in and belonging to an organisation (moderators need an organisation here too)."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return _sign_in_or_refuse()
        if current_user.organisation_id is None:
            abort(403, description="Your account is not linked to an organisation, so it cannot add or change "
                                   "listings.")
        return view(*args, **kwargs)
    return wrapper


def moderator_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return _sign_in_or_refuse()
        if not current_user.is_moderator:
            abort(403, description="Only moderators can see this page.")
        return view(*args, **kwargs)
    return wrapper


def signed_in_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return _sign_in_or_refuse()
        return view(*args, **kwargs)
    return wrapper


def own_listing_or_404(listing_id: int) -> Listing:
    """A listing of the signed-in provider's organisation; anything else (or nothing) is 'not found'."""
    listing = db.session.get(Listing, listing_id)
    if listing is None or listing.organisation_id != current_user.organisation_id:
        abort(404)
    return listing
