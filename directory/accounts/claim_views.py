"""Claim pages: "Do you run this? Claim this organisation", and the moderators' claims queue."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from directory.accounts import claims, services
from directory.accounts.claim_forms import ClaimForm, NewAccountClaimForm, RefuseClaimForm
from directory.accounts.decorators import moderator_required, signed_in_required
from directory.accounts.models import OrganisationClaim
from directory.accounts.views import SIGN_UP_LIMIT, start_session
from directory.extensions import db, limiter
from directory.listings.queries import organisation_by_slug

bp = Blueprint("claims", __name__)


def _organisation_or_404(slug: str):
    organisation = organisation_by_slug(slug)
    if organisation is None:
        abort(404)
    return organisation


def _signed_in_user():
    return current_user._get_current_object() if current_user.is_authenticated else None


@bp.route("/providers/<slug>/claim", methods=["GET", "POST"])
@limiter.limit(SIGN_UP_LIMIT, methods=["POST"])
def claim(slug: str):
    organisation, user = _organisation_or_404(slug), _signed_in_user()
    problem = claims.claim_problem(user, organisation)
    if problem:
        return _cannot_claim(organisation, problem)
    form = ClaimForm() if user else NewAccountClaimForm()
    if form.validate_on_submit():
        try:
            _make_claim(form, user, organisation)
        except services.AccountError as error:
            getattr(form, error.field).errors.append(error.message)
        except claims.ClaimRefused as error:
            return _cannot_claim(organisation, str(error))
        else:
            flash(f"Your request to manage {organisation.name} has been sent.")
            return redirect(url_for("accounts.waiting"))
    return render_template("accounts/claim.html", form=form, organisation=organisation)


def _make_claim(form, user, organisation) -> None:
    if user is None:
        user = services.create_account(name=form.name.data, email=form.email.data, password=form.password.data)
        start_session(user)
    claims.request_claim(user, organisation, role=form.role.data, message=form.message.data)


def _cannot_claim(organisation, problem: str):
    user, has_members = _signed_in_user(), claims.has_members(organisation.id)
    can_ask_to_join = (
        user is not None
        and user.organisation_id is None
        and not user.is_moderator
        and has_members
        and services.pending_join_request_of(user) is None
    )
    return render_template(
        "accounts/claim_refused.html",
        organisation=organisation,
        problem=problem,
        can_ask_to_join=can_ask_to_join,
        has_members=has_members,
    )


@bp.post("/providers/<slug>/join")
@signed_in_required
def ask_to_join(slug: str):
    """For someone signed in without an organisation, sent here when the one they tried to claim has members."""
    organisation = _organisation_or_404(slug)
    if current_user.organisation_id is not None or current_user.is_moderator:
        abort(403)
    if services.pending_join_request_of(current_user) is None:
        services.request_to_join(current_user._get_current_object(), organisation.id)
    return redirect(url_for("accounts.waiting"))


@bp.get("/moderation/claims")
@moderator_required
def queue():
    return render_template("accounts/claims_queue.html", claims=claims.pending_claims())


@bp.route("/moderation/claims/<int:claim_id>", methods=["GET", "POST"])
@moderator_required
def review(claim_id: int):
    claim = db.session.get(OrganisationClaim, claim_id)
    if claim is None:
        abort(404)
    form = RefuseClaimForm(formdata=request.form if request.method == "POST" else None)
    if request.method == "POST" and claim.state != "pending":
        flash(f"This claim was already {claim.state}.", "info")
        return redirect(url_for("claims.queue"))
    if request.method == "POST":
        decision = request.form.get("decision")
        if decision not in ("approve", "refuse"):
            abort(400)
        if decision == "approve" or form.validate():
            return _decide(claim, approve=decision == "approve", reason=form.reason.data or "")
    return render_template(
        "accounts/claim_review.html",
        claim=claim,
        form=form,
        problem=claims.approval_problem(claim) if claim.state == "pending" else None,
    )


def _decide(claim: OrganisationClaim, *, approve: bool, reason: str):
    try:
        claims.decide_claim(claim, approve=approve, actor=current_user._get_current_object(), reason=reason)
    except claims.ClaimRefused as error:
        flash(str(error), "info")
        return redirect(url_for("claims.review", claim_id=claim.id))
    except PermissionError:
        abort(403)
    flash(f"{claim.user.name}'s claim to manage {claim.organisation.name} was {claim.state}. We have emailed them.")
    return redirect(url_for("claims.queue"))
