"""Account pages: sign up, sign in and out, forgotten password, your details, requests to join."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from directory.accounts import claims, services, sessions
from directory.accounts.forms import (
    ChangePasswordForm,
    DecisionForm,
    DetailsForm,
    ForgottenPasswordForm,
    ResetPasswordForm,
    SignInForm,
    SignUpForm,
)
from directory.accounts.models import JoinRequest
from directory.accounts.tokens import password_fingerprint, user_for_reset_token
from directory.extensions import db, limiter
from directory.site_address import local_path

bp = Blueprint("accounts", __name__, url_prefix="/account")

PASSWORD_MARK = "_password"

SIGN_IN_LIMIT = "10 per minute;60 per hour"
RESET_LIMIT = "5 per minute;20 per hour"
SIGN_UP_LIMIT = "5 per minute;30 per hour"
# Per account as well as per address, so guessing one person's password from many addresses is slow too.
ACCOUNT_LIMIT = "20 per hour"


def submitted_email() -> str:
    return "account:" + services.normalise_email(request.form.get("email", ""))[:254]


def home_for(user) -> str:
    if user.organisation_id is None and not user.is_moderator:
        return url_for("accounts.waiting")
    return url_for("dashboard.index")


def start_session(user) -> None:
    """A fresh session on every sign-in: nothing from before signing in survives (no session fixation)."""
    session.clear()
    login_user(user)
    session.permanent = False
    session[PASSWORD_MARK] = password_fingerprint(user)
    sessions.mark(user)
    services.note_sign_in(user)


@bp.before_app_request
def end_sessions_from_before_a_password_change():
    """A session started before the password last changed (a stolen cookie, another device) is signed out, and so
    is one from before a sign-out or "sign out everywhere", or a staff session left idle (accounts/sessions.py)."""
    mark = session.get(PASSWORD_MARK)
    if mark is not None and current_user.is_authenticated and mark != password_fingerprint(current_user):
        logout_user()
        session.clear()
    sessions.check()


@bp.route("/sign-up", methods=["GET", "POST"])
@limiter.limit(SIGN_UP_LIMIT, methods=["POST"])
def sign_up():
    form = SignUpForm(organisations=services.organisation_choices())
    if form.validate_on_submit():
        try:
            user = services.create_account(**_sign_up_values(form))
        except services.AccountError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            start_session(user)
            flash("Your account has been created.")
            return redirect(home_for(user))
    return render_template("accounts/sign_up.html", form=form)


def _sign_up_values(form: SignUpForm) -> dict:
    values = {"name": form.name.data, "email": form.email.data, "password": form.password.data}
    if form.organisation_choice.data == "new":
        values["new_organisation"] = {
            "name": " ".join(form.org_name.data.split()),
            "org_type": form.org_type.data,
            "regions": list(form.org_regions.data),
        }
    else:
        values["join_organisation_id"] = int(form.join_organisation.data)
    return values


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
@limiter.limit(ACCOUNT_LIMIT, methods=["POST"], key_func=submitted_email)
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.email.errors.append("Enter a correct email address and password")
        else:
            start_session(user)
            return redirect(local_path(request.args.get("next")) or home_for(user))
    return render_template("accounts/sign_in.html", form=form)


@bp.route("/sign-out", methods=["GET", "POST"])
def sign_out():
    """GET asks for confirmation (a link cannot sign anyone out); POST, with its CSRF token, signs out."""
    if request.method == "POST":
        if current_user.is_authenticated:
            sessions.end_everywhere(current_user)  # a copied cookie stops working too
        logout_user()
        session.clear()
        flash("You have signed out.")
        return redirect(url_for("accounts.sign_in"))
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/sign_out.html")


@bp.route("/forgotten-password", methods=["GET", "POST"])
@limiter.limit(RESET_LIMIT, methods=["POST"])
@limiter.limit(ACCOUNT_LIMIT, methods=["POST"], key_func=submitted_email)
def forgotten_password():
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        return render_template("accounts/reset_sent.html", email=form.email.data)
    return render_template("accounts/forgotten_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit(RESET_LIMIT, methods=["POST"])
def reset_password(token: str):
    user = user_for_reset_token(token)
    if user is None:
        return render_template("accounts/reset_invalid.html"), 400
    form = ResetPasswordForm(email=user.email)
    if form.validate_on_submit():
        services.change_password(user, form.password.data)
        start_session(user)
        flash("Your password has been changed.")
        return redirect(home_for(user))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/", methods=["GET", "POST"])
@login_required
def details():
    form = DetailsForm(obj=current_user if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.update_details(current_user, name=form.name.data, email=form.email.data)
        except services.AccountError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash("Your details have been saved.")
            return redirect(url_for("accounts.details"))
    return render_template("accounts/details.html", form=form, join=services.pending_join_request_of(current_user))


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def change_password():
    form = ChangePasswordForm(email=current_user.email)
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append("Your current password is not correct")
        else:
            user = current_user._get_current_object()
            services.change_password(user, form.password.data)
            start_session(user)
            flash("Your password has been changed.")
            return redirect(url_for("accounts.details"))
    return render_template("accounts/change_password.html", form=form)


@bp.get("/waiting")
@login_required
def waiting():
    return render_template(
        "accounts/waiting.html",
        join=services.pending_join_request_of(current_user),
        claim=claims.pending_claim_of(current_user),
    )


@bp.get("/join-requests")
@login_required
def join_requests():
    if current_user.organisation_id is None and not current_user.is_moderator:
        abort(403)
    return render_template(
        "accounts/join_requests.html", requests=services.pending_join_requests_for(current_user), form=DecisionForm()
    )


@bp.post("/join-requests/<int:request_id>")
@login_required
def decide(request_id: int):
    join = db.session.get(JoinRequest, request_id)
    if join is None or not current_user.can_act_for(join.organisation_id):
        abort(404)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.decide_join_request(join, approve=form.decision.data == "approve", actor=current_user)
    except PermissionError:
        abort(403)
    flash(f"{join.user.name}'s request was {join.state}.")
    return redirect(url_for("accounts.join_requests"))
