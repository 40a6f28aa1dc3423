"""The provider dashboard (/dashboard) and its one-click "still accurate" confirmation."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from directory.accounts.decorators import provider_required, signed_in_required
from directory.dashboard.presenters import listing_rows, messages_for, moderator_summary
from directory.extensions import db
from directory.listings import services
from directory.listings.models import Organisation
from directory.submissions.access import own_listing_or_404

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


@bp.get("")
@signed_in_required
def index():
    moderation = moderator_summary() if current_user.is_moderator else None
    if current_user.organisation_id is None:
        return render_template("dashboard/no_organisation.html", moderation=moderation)
    organisation = db.session.get(Organisation, current_user.organisation_id)
    rows = listing_rows(organisation.id)
    return render_template(
        "dashboard/index.html",
        organisation=organisation,
        rows=rows,
        moderation=moderation,
        needing_check=[row for row in rows if row["needs_verification"]],
        messages=messages_for(organisation.id),
    )


@bp.post("/listings/<int:listing_id>/confirm")
@provider_required
def confirm(listing_id: int):
    listing = own_listing_or_404(listing_id)
    if not listing.is_public:
        flash("Only a published listing can be confirmed as accurate.")
    else:
        services.verify(listing, actor=current_user)
        flash(f"Thank you. “{listing.title}” is marked as checked today.")
    return redirect(url_for("dashboard.index"))
