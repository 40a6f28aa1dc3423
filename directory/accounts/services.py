"""What happens to accounts: signing up, signing in, resetting passwords, joining organisations.

Plain functions taking plain values, so they are tested without a request. Emails go through directory.mail.
"""

from __future__ import annotations

import secrets
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from directory import clock
from directory.accounts.models import JoinRequest, User, normalise_email
from directory.accounts.tokens import make_reset_token
from directory.audit import record
from directory.extensions import db
from directory.listings.models import Organisation, organisation_name_key
from directory.listings.slugs import unique_slug
from directory.mail.services import render_email, send_email, site_url_for


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Checked against when no account matches, so a wrong email takes as long as a wrong password."""
    user = User()
    user.set_password(secrets.token_hex(16))
    return user.password_hash


class AccountError(ValueError):
    """A request that cannot be done, with a message fit to show the person (field -> message)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def organisation_named(name: str) -> Organisation | None:
    """The organisation whose name this is, ignoring case, spaces and punctuation ("N.H.S." is "NHS")."""
    key = organisation_name_key(name)
    return None if key is None else db.session.scalar(sa.select(Organisation).where(Organisation.name_key == key))


def organisation_choices() -> list[tuple[str, str]]:
    rows = db.session.execute(sa.select(Organisation.id, Organisation.name).order_by(Organisation.name))
    return [(str(org_id), name) for org_id, name in rows]


TAKEN_NAME = (
    "An organisation with this name is already in the directory: choose \u201cYes, ask to join it\u201d instead"
)


def create_account(
    *,
    name: str,
    email: str,
    password: str,
    new_organisation: dict | None = None,
    join_organisation_id: int | None = None,
) -> User:
    """A provider account, acting at once for a new organisation, or waiting to join an existing one."""
    if user_by_email(email) is not None:
        raise AccountError(
            "email",
            "An account with this email address already exists: sign in, or reset "
            "your password if you have forgotten it",
        )
    user = User(name=name, email=normalise_email(email), role="provider")
    user.set_password(password)
    db.session.add(user)
    try:
        if new_organisation is not None:
            slug = unique_slug(Organisation.slug, new_organisation["name"], limit=100, fallback="organisation")
            organisation = Organisation(slug=slug, source="provider", description="", **new_organisation)
            db.session.add(organisation)
            user.organisation = organisation
            db.session.flush()
            record("create", organisation, actor=user, after=organisation.snapshot(), note="Created at sign-up")
        db.session.commit()
    except IntegrityError as error:  # the same email (or organisation name) signed up a moment ago, elsewhere
        db.session.rollback()
        if new_organisation is not None and organisation_named(new_organisation["name"]) is not None:
            raise AccountError("org_name", TAKEN_NAME) from error
        raise AccountError(
            "email",
            "An account with this email address already exists: sign in, or reset "
            "your password if you have forgotten it",
        ) from error
    if join_organisation_id is not None:
        request_to_join(user, join_organisation_id)
    return user


def authenticate(email: str, password: str) -> User | None:
    user = user_by_email(email)
    if user is None:
        User(password_hash=_dummy_hash()).check_password(password)
        return None
    if not user.active or not user.check_password(password):
        return None
    return user


def note_sign_in(user: User) -> None:
    user.last_signed_in_at = clock.now()
    db.session.commit()


def reset_link(user: User, hours: int = 1) -> str:
    return site_url_for("accounts.reset_password", token=make_reset_token(user, hours))


def request_password_reset(email: str) -> bool:
    """Email a reset link if an active account has this address. The caller says the same thing either way."""
    user = user_by_email(email)
    if user is None or not user.active:
        return False
    subject, body = render_email("password_reset", user=user, link=reset_link(user))
    send_email(user.email, subject, body)
    return True


def change_password(user: User, password: str) -> None:
    """Set a new password; any reset link sent before stops working (it is bound to the old hash)."""
    user.set_password(password)
    user.session_version = User.session_version + 1  # every session, here and elsewhere, ends
    db.session.commit()


def update_details(user: User, *, name: str, email: str) -> None:
    email = normalise_email(email)
    if email != user.email and user_by_email(email) is not None:
        raise AccountError("email", "Another account already uses this email address")
    user.name = name
    user.email = email
    db.session.commit()


# --- joining an organisation ---------------------------------------------------------------------------------


def request_to_join(user: User, organisation_id: int) -> JoinRequest:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise AccountError("join_organisation", "Select your organisation")
    join = JoinRequest(user=user, organisation=organisation)
    db.session.add(join)
    db.session.commit()
    link = site_url_for("accounts.join_requests")
    for recipient in deciders_for(organisation.id):
        subject, body = render_email("join_request", join=join, recipient=recipient, link=link)
        send_email(recipient.email, subject, body)
    return join


def deciders_for(organisation_id: int) -> list[User]:
    """Who may approve a request to join: the organisation's active members, and every moderator."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(
                User.active.is_(True),
                sa.or_(User.organisation_id == organisation_id, User.role.in_(("moderator", "admin"))),
            )
            .order_by(User.id)
        )
    )


def pending_join_requests_for(user: User) -> list[JoinRequest]:
    query = sa.select(JoinRequest).where(JoinRequest.state == "pending").order_by(JoinRequest.created_at)
    if not user.is_moderator:
        if user.organisation_id is None:
            return []
        query = query.where(JoinRequest.organisation_id == user.organisation_id)
    return list(db.session.scalars(query))


def pending_join_request_of(user: User) -> JoinRequest | None:
    return db.session.scalar(
        sa.select(JoinRequest)
        .where(JoinRequest.user_id == user.id, JoinRequest.state == "pending")
        .order_by(JoinRequest.id.desc())
        .limit(1)
    )


def decide_join_request(join: JoinRequest, *, approve: bool, actor: User) -> None:
    """Approve (the person now acts for the organisation) or refuse; only members and moderators may decide."""
    if join.state != "pending" or not actor.can_act_for(join.organisation_id) or actor.id == join.user_id:
        raise PermissionError("This request cannot be decided by you")
    join.state = "approved" if approve else "refused"
    join.decided_at = clock.now()
    join.decided_by = actor
    if approve:
        join.user.organisation_id = join.organisation_id
    record("join-" + join.state, join.organisation, actor=actor, note=f"{join.user.name} <{join.user.email}>")
    db.session.commit()
    subject, body = render_email("join_decision", join=join, link=site_url_for("accounts.sign_in"))
    send_email(join.user.email, subject, body)


# --- staff accounts ----------------------------------------------------------------------------------------


def create_staff(email: str, role: str, *, name: str | None = None, password: str | None = None) -> tuple[User, bool]:
    """Make (or promote) a moderator or admin; returns (user, created). Without a password a random one is set."""
    if role not in ("moderator", "admin"):
        raise ValueError(role)
    user = user_by_email(email)
    created = user is None
    if created:
        user = User(email=normalise_email(email), name=name or email.split("@")[0])
        user.set_password(password or secrets.token_urlsafe(32))
        db.session.add(user)
    elif password:
        user.set_password(password)
    if name:
        user.name = name
    user.role = role
    user.active = True
    db.session.commit()
    return user, created
