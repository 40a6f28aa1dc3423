"""Claiming an organisation: a person asks to manage a listed organisation that nobody on the site acts for.

An organisation with members is joined, not claimed (see services.request_to_join): its members vouch for
newcomers. A claim has nobody to vouch, so a moderator decides from the evidence. Every step is in the audit
trail and emailed to the person.
"""

from __future__ import annotations

import sqlalchemy as sa

from directory import clock
from directory.accounts.models import JoinRequest, OrganisationClaim, User
from directory.accounts.people import has_members, moderators
from directory.audit import record
from directory.extensions import db
from directory.listings.models import Organisation
from directory.mail.services import deliver_all, queue_email, render_email, site_url_for


class ClaimRefused(ValueError):
    """A claim that cannot be made or approved, with a message fit to show the person."""


def claimable(organisation: Organisation) -> bool:
    """Nobody acts for it yet, so someone who runs it may claim it."""
    return not has_members(organisation.id)


def claim_problem(user: User | None, organisation: Organisation) -> str | None:
    """Why this person cannot claim this organisation now, in words for them; None when they can."""
    if user is not None and user.organisation_id == organisation.id:
        return f"You already manage {organisation.name}'s listings."
    if has_members(organisation.id):
        return (
            f"{organisation.name} already has people who manage its listings on this site, so it cannot be "
            "claimed. Ask to join it instead: they or a moderator will approve you."
        )
    if user is None:
        return None
    if user.organisation_id is not None:
        return (
            f"Your account already acts for {user.organisation.name}. An account acts for one organisation: "
            f"create another account, with your email address at {organisation.name}, to claim it."
        )
    if pending_claim_of(user) is not None:
        return "You have already asked to claim an organisation. A moderator will decide on it first."
    if _pending_join_request_of(user) is not None:
        return "You have already asked to join an organisation. Its members or a moderator will decide on it first."
    return None


def request_claim(user: User, organisation: Organisation, *, role: str, message: str) -> OrganisationClaim:
    problem = claim_problem(user, organisation)
    if problem:
        raise ClaimRefused(problem)
    claim = OrganisationClaim(user=user, organisation=organisation, role=role, message=message)
    db.session.add(claim)
    db.session.flush()
    record("claim-requested", organisation, actor=user, note=_who(claim))
    emails = [_email(user.email, "claim_received", claim=claim, link=site_url_for("accounts.waiting"))]
    link = site_url_for("claims.review", claim_id=claim.id)
    emails += [
        _email(moderator.email, "claim_request", claim=claim, recipient=moderator, link=link)
        for moderator in moderators()
    ]
    db.session.commit()
    deliver_all(emails)
    return claim


def pending_claims() -> list[OrganisationClaim]:
    return list(
        db.session.scalars(
            sa.select(OrganisationClaim)
            .where(OrganisationClaim.state == "pending")
            .order_by(OrganisationClaim.created_at, OrganisationClaim.id)
        )
    )


def count_pending_claims() -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(OrganisationClaim).where(OrganisationClaim.state == "pending")
        )
        or 0
    )


def pending_claim_of(user: User) -> OrganisationClaim | None:
    return db.session.scalar(
        sa.select(OrganisationClaim)
        .where(OrganisationClaim.user_id == user.id, OrganisationClaim.state == "pending")
        .order_by(OrganisationClaim.id.desc())
        .limit(1)
    )


def decide_claim(claim: OrganisationClaim, *, approve: bool, actor: User, reason: str = "") -> None:
    """Approve (the person now acts for the organisation) or refuse with a reason; moderators only."""
    if claim.state != "pending" or not actor.is_moderator or actor.id == claim.user_id:
        raise PermissionError("This claim cannot be decided by you")
    if approve and approval_problem(claim):
        raise ClaimRefused(approval_problem(claim))
    if approve:
        claim.user.organisation_id = claim.organisation_id
    claim.state = "approved" if approve else "refused"
    claim.reason = None if approve else reason
    claim.decided_at, claim.decided_by = clock.now(), actor
    note = _who(claim) + ("" if approve else f". Reason: {reason}")
    record("claim-" + claim.state, claim.organisation, actor=actor, note=note)
    link = site_url_for("dashboard.index") if approve else site_url_for("claims.claim", slug=claim.organisation.slug)
    email = _email(claim.user.email, "claim_decision", claim=claim, link=link)
    db.session.commit()
    deliver_all([email])


def approval_problem(claim: OrganisationClaim) -> str | None:
    """Why the claim can no longer be approved: someone joined the organisation, or the person found another one,
    since they asked. None when it can."""
    if has_members(claim.organisation_id):
        return (
            f"{claim.organisation.name} has members now: refuse this claim and tell the person to ask to join "
            "it instead."
        )
    if claim.user.organisation_id is not None:
        return f"{claim.user.name} acts for {claim.user.organisation.name} now: refuse this claim."
    return None


def _pending_join_request_of(user: User) -> JoinRequest | None:
    return db.session.scalar(
        sa.select(JoinRequest).where(JoinRequest.user_id == user.id, JoinRequest.state == "pending").limit(1)
    )


def _who(claim: OrganisationClaim) -> str:
    return f"{claim.user.name} <{claim.user.email}>, {claim.role}"


def _email(to: str, template: str, **context):
    subject, body = render_email(template, **context)
    return queue_email(to, subject, body)
