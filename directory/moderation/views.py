"""The moderators' pages: the review queue, one revision with its differences, decisions and listing history."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from directory.accounts.decorators import moderator_required
from directory.extensions import db
from directory.listings import services
from directory.listings.models import Listing, Organisation
from directory.moderation import decisions, identity
from directory.moderation.forms import RejectForm
from directory.submissions.identity import IdentityChange
from directory.submissions.models import Revision

bp = Blueprint("moderation", __name__, url_prefix="/moderation")


def _get_or_404(model, item_id: int):
    item = db.session.get(model, item_id)
    if item is None:
        abort(404)
    return item


@bp.get("")
@moderator_required
def queue():
    return render_template(
        "moderation/queue.html",
        revisions=decisions.queue(),
        recent=decisions.recent_decisions(),
        not_found=None,
        identity_changes=identity.pending(),
    )


@bp.get("/history")
@moderator_required
def find_history():
    """Go to a listing's history by its slug (the end of its web address)."""
    slug = request.args.get("slug", "")
    listing = decisions.listing_by_slug(slug) if slug else None
    if listing is not None:
        return redirect(url_for("moderation.history", listing_id=listing.id))
    return render_template(
        "moderation/queue.html",
        revisions=decisions.queue(),
        recent=decisions.recent_decisions(),
        not_found=slug,
        identity_changes=identity.pending(),
    ), 404


@bp.route("/revisions/<int:revision_id>", methods=["GET", "POST"])
@moderator_required
def review(revision_id: int):
    revision = _get_or_404(Revision, revision_id)
    if revision.state == "draft":  # providers are told moderators see nothing until they submit it
        abort(404)
    form = RejectForm(formdata=request.form if request.method == "POST" else None)
    if request.method == "POST":
        try:
            message = _decide(revision, request.form.get("decision"), form)
        except decisions.DecisionError as error:
            message = str(error)
        if message:
            flash(message)
            return redirect(url_for("moderation.queue"))
    everything = request.args.get("show") == "all"
    rows = decisions.difference(revision, everything=everything or revision.kind == "new")
    return render_template("moderation/review.html", revision=revision, form=form, everything=everything, rows=rows)


def _decide(revision: Revision, decision: str | None, form: RejectForm) -> str | None:
    """Approve, or reject with the form's reason, and tell the provider; the message for the queue, or None when
    the rejection's reason needs correcting (the form then shows why)."""
    if decision == "approve":
        decisions.approve(revision, moderator=current_user)
        decisions.tell_provider(revision)
        return f"Approved: “{revision.listing.title}” is live."
    if not form.validate():
        return None
    decisions.reject(revision, moderator=current_user, reason=form.reason.data)
    decisions.tell_provider(revision)
    return f"Rejected: the provider of “{revision.listing.title}” will see your reason."


@bp.get("/listings/<int:listing_id>/history")
@moderator_required
def history(listing_id: int):
    listing = _get_or_404(Listing, listing_id)
    return render_template(
        "moderation/history.html", subject=listing.title, listing=listing, events=decisions.history(listing)
    )


@bp.get("/organisations/<int:organisation_id>/history")
@moderator_required
def organisation_history(organisation_id: int):
    organisation = _get_or_404(Organisation, organisation_id)
    return render_template(
        "moderation/history.html",
        subject=organisation.name,
        listing=None,
        events=decisions.organisation_history(organisation.id),
    )


@bp.post("/listings/<int:listing_id>/verify")
@moderator_required
def verify(listing_id: int):
    listing = _get_or_404(Listing, listing_id)
    if listing.is_public:
        services.verify(listing, actor=current_user)
        flash(f"“{listing.title}” is marked as verified today.")
    else:
        flash("Only a published listing can be verified.")
    return redirect(url_for("moderation.history", listing_id=listing.id))


@bp.post("/identity-changes/<int:change_id>")
@moderator_required
def decide_identity(change_id: int):
    """Approve or reject a published organisation's new name and website (the old ones stay live until then)."""
    change = _get_or_404(IdentityChange, change_id)
    form = RejectForm(formdata=request.form)
    try:
        if request.form.get("decision") == "approve":
            identity.approve(change, moderator=current_user)
            flash(f"Approved: the organisation is now “{change.name}”.")
        elif form.validate():
            identity.reject(change, moderator=current_user, reason=form.reason.data)
            flash(f"Rejected: “{change.organisation.name}” keeps its name and website.")
        else:
            flash("Enter the reason for rejecting the name and website change.")
    except identity.IdentityDecisionError as error:
        flash(str(error))
    return redirect(url_for("moderation.queue"))
