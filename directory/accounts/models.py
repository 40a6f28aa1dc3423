"""Users, their roles and how their passwords are kept."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from directory import clock
from directory.extensions import db

ROLES = ("provider", "moderator", "admin")
_hasher = PasswordHasher()


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(20), default="provider")
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    last_signed_in_at: Mapped[datetime | None] = mapped_column()
    # Every session cookie carries the version it was issued under; raising it signs out every copy at once.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    organisation = relationship("Organisation")

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_moderator(self) -> bool:
        return self.role in ("moderator", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def set_password(self, password: str) -> None:
        self.password_hash = _hasher.hash(password)

    def check_password(self, password: str) -> bool:
        try:
            return _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def can_act_for(self, organisation_id: int | None) -> bool:
        """Moderators act for anyone; a provider only for their own organisation."""
        return self.is_moderator or (organisation_id is not None and organisation_id == self.organisation_id)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


class _RequestToActFor:
    """What a join request and a claim share: who asks to act for which organisation, where the request stands
    ("pending", "approved" or "refused") and who decided it when."""

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(sa.String(12), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    decided_at: Mapped[datetime | None] = mapped_column()
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    @declared_attr
    def user(cls):
        return relationship("User", foreign_keys=lambda: [cls.user_id])

    @declared_attr
    def organisation(cls):
        return relationship("Organisation")

    @declared_attr
    def decided_by(cls):
        return relationship("User", foreign_keys=lambda: [cls.decided_by_id])

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.user_id} -> {self.organisation_id} {self.state}>"

    @property
    def email_domain_matches(self) -> bool:
        """A hint for the person deciding: the requester's email is at the organisation's web domain."""
        return email_domain_matches(self.user.email, self.organisation.website)


class JoinRequest(_RequestToActFor, db.Model):
    """A person asking to act for an organisation already in the directory.

    Nobody joins an organisation on their say-so: an existing member of the organisation or a moderator approves.
    """

    __tablename__ = "join_requests"

    id: Mapped[int] = mapped_column(primary_key=True)


def email_domain_matches(email: str, website: str | None) -> bool:
    host = web_domain(website)
    if not host or "@" not in email:
        return False
    domain = email.rsplit("@", 1)[1].lower()
    return bool(host) and (domain == host or domain.endswith("." + host))


class OrganisationClaim(_RequestToActFor, db.Model):
    """A person asking to manage an organisation that nobody on the site acts for yet (seeded from the sources).

    Unlike a join request there is no member to vouch for them, so a moderator decides, from the evidence kept
    here (their role and message) and the email domain, and gives a reason when refusing.
    """

    __tablename__ = "organisation_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(sa.String(200))
    message: Mapped[str] = mapped_column(sa.Text)
    reason: Mapped[str | None] = mapped_column(sa.Text)

    @property
    def email_domain(self) -> str:
        return self.user.email.rsplit("@", 1)[-1]

    @property
    def website_domain(self) -> str | None:
        return web_domain(self.organisation.website)


def web_domain(website: str | None) -> str | None:
    """The host of a web address without "www.", e.g. "example.ac.uk"; None when there is no address."""
    if not website:
        return None
    host = website.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    return (host[4:] if host.startswith("www.") else host) or None
