"""Sessions the server can end. The session cookie is signed but lives in the browser, so each one carries the
user's session version when it was issued: sign-out, a password change and "sign out everywhere" raise the version
and every copy of every older cookie stops working. Staff sessions also end after STAFF_IDLE_MINUTES idle.
"""

from __future__ import annotations

import time

import sqlalchemy as sa
from flask import current_app, flash, session
from flask_login import current_user, logout_user

from directory.accounts.models import User
from directory.extensions import db

VERSION_MARK = "_sv"
LAST_SEEN = "_seen"
SEEN_RESOLUTION = 60  # seconds: the cookie is rewritten at most once a minute for the idle clock


def mark(user: User) -> None:
    """Bind the current session to the user's session version (called on every sign-in)."""
    session[VERSION_MARK] = user.session_version
    session[LAST_SEEN] = int(time.time())


def end_everywhere(user: User) -> None:
    """Raise the user's session version in one UPDATE, ending every session issued before now."""
    db.session.execute(
        sa.update(User)
        .where(User.id == user.id)
        .values(session_version=User.session_version + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    db.session.refresh(user)


def check() -> None:
    """Before each request: sign out a session whose version is old, or a staff session left idle too long."""
    if not current_user.is_authenticated:
        return
    if session.get(VERSION_MARK, 0) != current_user.session_version:
        _sign_out()
        return
    now, seen = int(time.time()), session.get(LAST_SEEN)
    idle_limit = current_app.config["STAFF_IDLE_MINUTES"] * 60
    if current_user.is_moderator and seen is not None and now - seen > idle_limit:
        _sign_out()
        flash(
            f"You were signed out after {current_app.config['STAFF_IDLE_MINUTES']} minutes without activity. "
            "Sign in again to carry on."
        )
        return
    if seen is None or now - seen >= SEEN_RESOLUTION:
        session[LAST_SEEN] = now


def _sign_out() -> None:
    logout_user()
    session.clear()
