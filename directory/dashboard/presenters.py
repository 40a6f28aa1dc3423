"""What the dashboard shows for each listing, worked out here so the template only prints it."""
from __future__ import annotations

from directory import taxonomy
from directory.submissions import workflow

STATUS_TAGS = {"draft": "grey", "pending": "blue", "published": "green", "rejected": "red", "archived": "grey"}


def listing_rows(organisation_id: int) -> list[dict]:
    rows = []
    for listing in workflow.organisation_listings(organisation_id):
        revision = workflow.open_revision(listing)
        rejection = workflow.last_rejection(listing)
        rows.append({
            "listing": listing,
            "status": taxonomy.LISTING_STATUSES.label_for(listing.status),
            "tag": STATUS_TAGS.get(listing.status, "grey"),
            "pending_edit": revision is not None and revision.kind == "edit" and revision.state == "pending",
            "draft_edit": revision is not None and revision.kind == "edit" and revision.state == "draft",
            "can_withdraw": revision is not None and (revision.state == "pending" or revision.kind == "edit"),
            "can_submit": revision is not None and revision.state == "draft",
            "rejection": rejection.reason if rejection is not None else None,
            "needs_verification": listing.needs_verification(),
            "verified_since": listing.verified_since,
        })
    return rows


def messages_for(organisation_id: int):
    """Reports and enquiries about the organisation's listings, when the public forms feature is installed."""
    try:
        from directory.public_forms.queries import messages_for_organisation
    except ImportError:
        return []
    return messages_for_organisation(organisation_id)
