"""Signed, time-limited password reset links, each usable once.

A token names the user and a fingerprint of their current password hash; resetting the password changes the hash,
so a used (or superseded) link stops working without the server remembering anything.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from directory import clock
from directory.accounts.models import User
from directory.extensions import db

RESET_SALT = "password-reset"
RESET_LINK_HOURS = 1
LONGEST_LINK_HOURS = 72  # links printed by `flask users create-moderator`


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def password_fingerprint(user: User) -> str:
    """A short digest of the password hash: it changes whenever the password does, and reveals nothing."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:24]


def make_reset_token(user: User, hours: int = RESET_LINK_HOURS) -> str:
    return _serializer().dumps({"u": user.id, "p": password_fingerprint(user), "h": min(hours, LONGEST_LINK_HOURS)})


def user_for_reset_token(token: str) -> User | None:
    """The user a valid, unexpired, unused token belongs to; None for anything else."""
    try:
        data, signed_at = _serializer().loads(token, max_age=LONGEST_LINK_HOURS * 3600, return_timestamp=True)
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("h"), int):
        return None
    age = clock.now() - signed_at.replace(tzinfo=None)
    if age.total_seconds() > data["h"] * 3600:
        return None
    user = db.session.get(User, data["u"])
    if user is None or not user.active or data.get("p") != password_fingerprint(user):
        return None
    return user
