"""What a provider's own pages say about a listing's state (the dashboard shows the same tags)."""

from __future__ import annotations

from directory import taxonomy

# The colour of the tag that shows a listing's status.
STATUS_TAGS = {
    taxonomy.DRAFT: "grey",
    taxonomy.PENDING: "blue",
    taxonomy.PUBLISHED: "green",
    taxonomy.REJECTED: "red",
    taxonomy.ARCHIVED: "grey",
}


def preview_state(listing, revision) -> dict:
    """What a provider's own preview says about the listing: the state it is really in (the public page's
    "Not yet verified by the provider" would be wrong on something not yet published)."""
    live = listing.is_public
    if revision is not None and revision.state == "pending":
        detail = "A moderator will check it before it is published."
        return {
            "label": "Waiting for review",
            "tag": "blue",
            "detail": detail + (" The version that is live now stays on the directory until then." if live else ""),
        }
    if revision is not None and revision.state == "draft":
        return {
            "label": "Draft",
            "tag": "grey",
            "detail": "Not sent for review yet. Only your organisation can see it."
            + (" The version that is live now stays on the directory." if live else ""),
        }
    if listing.status == taxonomy.REJECTED:
        return {
            "label": "Returned to you",
            "tag": "red",
            "detail": "A moderator did not approve it. Your dashboard shows why.",
        }
    if live:
        return {"label": "Published", "tag": "green", "detail": "There are no changes waiting."}
    return {
        "label": taxonomy.LISTING_STATUSES.label_for(listing.status),
        "tag": STATUS_TAGS.get(listing.status, "grey"),
        "detail": "",
    }
