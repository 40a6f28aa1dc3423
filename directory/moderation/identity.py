"""Organisation identity changes, the moderator's side: the pending proposals (held by
directory.submissions.identity) and their approval or rejection. Decisions are conditional UPDATEs, as for revisions.
"""

from __future__ import annotations

import sqlalchemy as sa

from directory.audit import record
from directory.extensions import db
from directory.listings import services
from directory.listings.models import Organisation, organisation_name_key
from directory.moderation.decisions import decide_if_pending
from directory.submissions.identity import IdentityChange, identity_of


class IdentityDecisionError(Exception):
    """The change was decided or replaced meanwhile, or its name has since been taken."""


def pending() -> list[IdentityChange]:
    return list(
        db.session.scalars(
            sa.select(IdentityChange)
            .where(IdentityChange.state == "pending")
            .order_by(IdentityChange.submitted_at, IdentityChange.id)
        )
    )


def approve(change: IdentityChange, *, moderator) -> None:
    organisation = change.organisation
    taken = db.session.scalar(
        sa.select(Organisation.id).where(
            Organisation.name_key == organisation_name_key(change.name), Organisation.id != organisation.id
        )
    )
    if taken is not None:
        raise IdentityDecisionError("Another organisation has this name now: reject the change with a reason")
    _claim(change, "approved", moderator)
    before = identity_of(organisation)
    organisation.apply({"name": change.name, "website": change.website})
    record("approve-identity", organisation, actor=moderator, before=before, after=identity_of(organisation))
    services.commit_and_announce([listing.id for listing in organisation.listings])


def reject(change: IdentityChange, *, moderator, reason: str) -> None:
    _claim(change, "rejected", moderator, reason)
    record("reject-identity", change.organisation, actor=moderator, note=f"Name and website change rejected: {reason}")
    db.session.commit()


def _claim(change: IdentityChange, state: str, moderator, reason: str | None = None) -> None:
    if not decide_if_pending(change, state, moderator, reason):
        raise IdentityDecisionError(f"This change is already {change.state}")
