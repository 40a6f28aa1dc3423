"""The public forms (report a problem, employer enquiry, suggest a resource) and the moderators' inbox."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from directory.accounts.decorators import moderator_required
from directory.extensions import db, limiter
from directory.listings import queries as listing_queries
from directory.public_forms import queries, services
from directory.public_forms.forms import AskForm, EnquiryForm, HoneypotForm, ReportForm, SiteProblemForm, SuggestForm
from directory.public_forms.models import Message
from directory.site_address import local_path

bp = Blueprint("public_forms", __name__)

FORM_LIMIT = "5 per minute;20 per hour;60 per day"


def published_listing(slug: str):
    listing = listing_queries.listing_by_slug(slug)
    if listing is None or not listing.is_public:
        abort(404)
    return listing


def _public_form(form: HoneypotForm, done: str, template: str, listing=None, **context):
    """Every public form: a bot (the honeypot filled in) gets the usual confirmation and nothing is stored or sent;
    valid answers are stored and sent on, then the confirmation; otherwise the form again, with its errors."""
    if form.is_submitted() and form.caught_a_bot:
        return redirect(done)
    if form.validate_on_submit():
        services.submit_message(form.kind, listing=listing, **form.message_fields())
        return redirect(done)
    return render_template(template, form=form, listing=listing, **context)


@bp.route("/listings/<slug>/report", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def report(slug: str):
    listing = published_listing(slug)
    return _public_form(
        ReportForm(),
        url_for("public_forms.sent", slug=slug, kind="report"),
        "public_forms/report.html",
        listing,
        to_organisation=services.goes_to_organisation(listing),
    )


@bp.route("/listings/<slug>/enquire", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def enquire(slug: str):
    listing = published_listing(slug)
    if not listing.seeks_partners:
        abort(404)
    return _public_form(
        EnquiryForm(),
        url_for("public_forms.sent", slug=slug, kind="enquire"),
        "public_forms/enquire.html",
        listing,
        to_organisation=services.goes_to_organisation(listing),
    )


@bp.route("/listings/<slug>/ask", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def ask(slug: str):
    """ "Ask the directory team", offered where a listing has no contact details: the moderators get it by email."""
    listing = published_listing(slug)
    return _public_form(
        AskForm(), url_for("public_forms.sent", slug=slug, kind="ask"), "public_forms/ask.html", listing
    )


@bp.route("/suggest", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def suggest():
    return _public_form(SuggestForm(), url_for("public_forms.suggestion_sent"), "public_forms/suggest.html")


@bp.route("/feedback", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def site_problem():
    """Report a problem with the site itself (the phase banner's link); it goes to the moderators."""
    form = SiteProblemForm(data={"page": _page_on_this_site(request.args.get("page"))})
    return _public_form(form, url_for("public_forms.site_problem_sent"), "public_forms/site_problem.html")


def _page_on_this_site(path: str | None) -> str:
    """The page the person came from, pre-filled only when it is a plain path on this site."""
    return local_path(path, max_length=500) or ""


@bp.get("/feedback/sent")
def site_problem_sent():
    return render_template("public_forms/sent.html", listing=None, kind="site_problem")


@bp.get("/listings/<slug>/<any(report, enquire, ask):kind>/sent")
def sent(slug: str, kind: str):
    listing = published_listing(slug)
    return render_template(
        "public_forms/sent.html", listing=listing, kind=kind, to_organisation=services.goes_to_organisation(listing)
    )


@bp.get("/suggest/sent")
def suggestion_sent():
    return render_template("public_forms/sent.html", listing=None, kind="suggest", to_organisation=False)


@bp.get("/messages")
@moderator_required
def inbox():
    include_resolved = request.args.get("show") == "all"
    messages = queries.messages_for_moderators(include_resolved=include_resolved)
    return render_template("public_forms/inbox.html", messages=messages, include_resolved=include_resolved)


@bp.post("/messages/<int:message_id>/resolve")
@login_required
def resolve(message_id: int):
    message = db.session.get(Message, message_id)
    if message is None or not services.can_resolve(current_user, message):
        abort(404)
    services.resolve(message, actor=current_user)
    flash("The message is marked as resolved.")
    return redirect(local_path(request.form.get("next")) or url_for("public_forms.inbox"))
