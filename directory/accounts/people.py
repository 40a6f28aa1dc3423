"""Who acts for an organisation, and who moderates: the people other features email or name on a page."""

from __future__ import annotations

import sqlalchemy as sa

from directory.accounts.models import User
from directory.extensions import db

STAFF_ROLES = ("moderator", "admin")


def members_of(organisation_id: int) -> list[User]:
    """The active accounts acting for an organisation, oldest first."""
    return list(
        db.session.scalars(
            sa.select(User).where(User.organisation_id == organisation_id, User.active.is_(True)).order_by(User.id)
        )
    )


def has_members(organisation_id: int) -> bool:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(User)
            .where(User.organisation_id == organisation_id, User.active.is_(True))
        )
        or 0
    ) > 0


def moderators() -> list[User]:
    """Every active moderator and admin, oldest first."""
    return list(
        db.session.scalars(sa.select(User).where(User.role.in_(STAFF_ROLES), User.active.is_(True)).order_by(User.id))
    )
