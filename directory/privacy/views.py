"""The privacy notice and cookies pages, and closing your account."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, session, url_for
from flask_login import current_user, login_required, logout_user

from directory.extensions import limiter
from directory.privacy.closing import close_account
from directory.privacy.forms import CloseAccountForm
from directory.privacy.retention import RULES

bp = Blueprint("privacy", __name__)

COOKIES = (
    (
        "session",
        "Keeps you signed in, protects forms against cross-site request forgery and carries one-off "
        "messages such as \u201cYour details have been saved\u201d.",
        "When you close your browser (it is a session cookie)",
    ),
    (
        "shortlist",
        "Remembers the listings you add to your shortlist (their numbers only, signed so they cannot be "
        "altered). It is set only when you add a listing.",
        "90 days after you last change your shortlist, or when you clear it",
    ),
)


@bp.get("/privacy")
def notice():
    return render_template("privacy/notice.html", rules=RULES)


@bp.get("/cookies")
def cookies():
    return render_template("privacy/cookies.html", cookies=COOKIES)


@bp.route("/account/close", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute;30 per hour", methods=["POST"])
def close():
    form = CloseAccountForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.password.data):
            form.password.errors.append("Your password is not correct")
        else:
            close_account(current_user._get_current_object())
            logout_user()
            session.clear()
            return redirect(url_for("privacy.closed"))
    return render_template("privacy/close.html", form=form)


@bp.get("/account/closed")
def closed():
    return render_template("privacy/closed.html")
