"""What the dashboard shows for each listing, worked out here so the template only prints it."""

from __future__ import annotations

import sqlalchemy as sa

from directory import taxonomy
from directory.extensions import db
from directory.submissions import workflow
from directory.submissions.models import Revision
from directory.submissions.presenters import STATUS_TAGS


def _latest_revisions(organisation_id: int) -> tuple[dict, dict]:
    """Per listing id: its open revision, and its latest revision that was not withdrawn (one query for all)."""
    open_by_listing, latest_by_listing = {}, {}
    revisions = db.session.scalars(
        sa.select(Revision).where(Revision.organisation_id == organisation_id).order_by(Revision.id)
    )
    for revision in revisions:
        if revision.state in workflow.OPEN_STATES:
            open_by_listing[revision.listing_id] = revision
        if revision.state != "withdrawn":
            latest_by_listing[revision.listing_id] = revision
    return open_by_listing, latest_by_listing


def listing_rows(organisation_id: int) -> list[dict]:
    open_by_listing, latest_by_listing = _latest_revisions(organisation_id)
    rows = []
    for listing in workflow.organisation_listings(organisation_id):
        revision = open_by_listing.get(listing.id)
        latest = latest_by_listing.get(listing.id)
        rows.append(
            {
                "listing": listing,
                "status": taxonomy.LISTING_STATUSES.label_for(listing.status),
                "tag": STATUS_TAGS.get(listing.status, "grey"),
                "pending_edit": revision is not None and revision.kind == "edit" and revision.state == "pending",
                "draft_edit": revision is not None and revision.kind == "edit" and revision.state == "draft",
                "can_withdraw": revision is not None and (revision.state == "pending" or revision.kind == "edit"),
                "can_submit": revision is not None and revision.state == "draft",
                "rejection": latest.reason if latest is not None and latest.state == "rejected" else None,
                "needs_verification": listing.needs_verification(),
                "verified_since": listing.verified_since,
            }
        )
    return rows


def messages_for(organisation_id: int):
    """Reports and enquiries about the organisation's listings."""
    from directory.public_forms.queries import messages_for_organisation

    return messages_for_organisation(organisation_id)


def moderator_summary() -> dict:
    """What is waiting for the moderators: new messages from the public, listings to review, organisation claims."""
    from directory.accounts.claims import count_pending_claims
    from directory.moderation.decisions import queue
    from directory.public_forms.queries import count_new_for_moderators

    return {"messages": count_new_for_moderators(), "revisions": len(queue()), "claims": count_pending_claims()}
