"""The moderators' side: the queue, what a revision would change, approving, rejecting and the audit trail."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from directory import clock, taxonomy
from directory.accounts.people import members_of
from directory.audit import AuditEvent, record
from directory.extensions import db
from directory.listings import fields, services
from directory.listings.models import Listing
from directory.mail.services import deliver_all, queue_email, render_email, site_url_for
from directory.submissions.models import Revision


class DecisionError(Exception):
    """The revision is no longer waiting for a decision (decided or withdrawn meanwhile)."""


def queue() -> list[Revision]:
    """Pending revisions, oldest submission first."""
    return list(
        db.session.scalars(
            sa.select(Revision).where(Revision.state == "pending").order_by(Revision.submitted_at, Revision.id)
        )
    )


def recent_decisions(limit: int = 20) -> list[Revision]:
    """The latest approvals and rejections, newest first, so a moderator can get back to a listing's history."""
    return list(
        db.session.scalars(
            sa.select(Revision)
            .where(Revision.state.in_(("approved", "rejected")))
            .order_by(Revision.decided_at.desc(), Revision.id.desc())
            .limit(limit)
        )
    )


def listing_by_slug(slug: str) -> Listing | None:
    if "\x00" in slug:
        return None
    return db.session.scalar(sa.select(Listing).where(Listing.slug == slug.strip().lower()[:160]))


def published_version(revision: Revision) -> dict:
    """What the public sees now: nothing for a new listing, the listing's snapshot for an edit."""
    return revision.listing.snapshot() if revision.kind == "edit" else {}


def difference(revision: Revision, *, everything: bool = False) -> list[dict]:
    """Field-by-field rows (label, published, proposed, changed) in the field table's order, with vocabulary labels."""
    current = published_version(revision)
    rows = []
    for spec in fields.FIELDS:
        before, after = current.get(spec.name), revision.data.get(spec.name)
        changed = _normal(before) != _normal(after)
        if changed or (everything and after not in (None, "", [], False)):
            rows.append(
                {
                    "name": spec.name,
                    "label": spec.label,
                    "before": fields.display(spec.name, before),
                    "after": fields.display(spec.name, after),
                    "changed": changed,
                }
            )
    return rows


def _normal(value):
    return None if value in (None, "", [], False) else value


def approve(revision: Revision, *, moderator) -> None:
    """Publish a new listing, or apply an edit to the live listing; search follows either way."""
    _claim(revision, "approved", moderator=moderator)
    listing = revision.listing
    before = listing.snapshot()
    listing.apply(revision.data)
    record(
        "approve",
        listing,
        actor=moderator,
        before=before,
        after=listing.snapshot(),
        note=f"Revision {revision.id} ({'new listing' if revision.kind == 'new' else 'edit'}) approved",
    )
    if revision.kind == "new":
        services.publish(listing, actor=moderator)
    else:
        services.commit_and_announce([listing.id])


def reject(revision: Revision, *, moderator, reason: str) -> None:
    """Send a revision back with a reason the provider sees; a published listing stays as it is."""
    _claim(revision, "rejected", moderator=moderator, reason=reason)
    listing = revision.listing
    before = {"status": listing.status}
    if revision.kind == "new":
        listing.status = taxonomy.REJECTED
    record(
        "reject",
        listing,
        actor=moderator,
        before=before,
        after={"status": listing.status},
        note=f"Revision {revision.id} rejected: {reason}",
    )
    services.commit_and_announce([listing.id])


def _claim(revision: Revision, state: str, *, moderator, reason: str | None = None) -> None:
    """Decide the revision only if it is still pending, in one conditional UPDATE: of two moderators (or a moderator
    and the provider withdrawing) acting at once, the database lets exactly one through; PostgreSQL makes the second
    wait for the first's commit and then finds no pending row. The loser is told who decided, and when."""
    if revision.state != "pending" or not decide_if_pending(revision, state, moderator, reason):
        raise DecisionError(already_decided(revision))  # a lost race rolled back, so this reads who won


def decide_if_pending(row, state: str, moderator, reason: str | None = None) -> bool:
    """Set a pending request's decision (a revision, a name change) in one conditional UPDATE, and say whether this
    call made it. When another decision got there first, roll back, which also expires `row` so it reads that one."""
    model = type(row)
    values = {"state": state, "decided_at": clock.now(), "decided_by_id": moderator.id, "reason": reason}
    claimed = db.session.execute(
        sa.update(model)
        .where(model.id == row.id, model.state == "pending")
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        return False
    for name, value in values.items():
        set_committed_value(row, name, value)
    return True


def already_decided(revision: Revision) -> str:
    """What the second person to act on a revision is told."""
    if revision.state == "withdrawn":
        return "This revision was withdrawn by the provider, so there is nothing to decide"
    if revision.state in ("approved", "rejected") and revision.decided_at is not None:
        who = revision.decided_by.name if revision.decided_by is not None else "another moderator"
        return f"Already {revision.state} by {who} at {revision.decided_at:%H:%M:%S on %-d %B %Y}"
    return f"This revision is {revision.state}, not waiting for review"


def history(listing: Listing) -> list[dict]:
    """Every audit event for the listing, oldest first, each change as (label, before, after) in words."""
    events = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.entity_type == "listing", AuditEvent.entity_id == listing.id)
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return [describe(event) for event in events]


def organisation_history(organisation_id: int) -> list[dict]:
    events = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.entity_type == "organisation", AuditEvent.entity_id == organisation_id)
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return [describe(event) for event in events]


def describe(event: AuditEvent) -> dict:
    before, after = event.before or {}, event.after or {}
    changes = [
        {"label": fields.label(key), "before": _show(key, before.get(key)), "after": _show(key, after.get(key))}
        for key in sorted(set(before) | set(after), key=_field_order)
        if before.get(key) != after.get(key)
    ]
    who = event.actor.name if event.actor is not None else "The system"
    return {
        "at": event.at,
        "who": who,
        "action": event.action.replace("-", " ").capitalize(),
        "note": event.note or "",
        "changes": changes,
    }


def _show(key: str, value) -> str:
    if key == "status":
        return taxonomy.LISTING_STATUSES.label_for(value) if value else ""
    return fields.display(key, value)


def _field_order(key: str) -> int:
    names = [spec.name for spec in fields.FIELDS]
    return names.index(key) if key in names else len(names)


def tell_provider(revision: Revision) -> None:
    """Email the organisation's people that a moderator approved or rejected their listing (with the reason).

    Called once after the decision is committed, so a failed email never undoes a decision.
    """
    if revision.state not in ("approved", "rejected"):
        return
    listing = revision.listing
    link = site_url_for("listings.listing", slug=listing.slug) if listing.is_public else site_url_for("dashboard.index")
    emails = []
    for member in members_of(revision.organisation_id):
        subject, body = render_email(
            "listing_decision",
            revision=revision,
            listing=listing,
            recipient=member,
            link=link,
            dashboard=site_url_for("dashboard.index"),
        )
        emails.append(queue_email(member.email, subject, body))
    db.session.commit()
    deliver_all(emails)
