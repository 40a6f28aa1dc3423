"""/shortlist (add, remove, clear, email), /shortlist/shared (read-only) and /compare."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for

from directory import clock
from directory.extensions import limiter
from directory.mail.services import emails_to, render_email, send_email, site_url_for
from directory.numbers import whole_number
from directory.shortlist import presenters, store
from directory.shortlist.forms import EmailShortlistForm
from directory.site_address import local_path, public_url

bp = Blueprint("shortlist", __name__)

BUTTON_ID = re.compile(r"shortlist-[a-z0-9-]{1,60}")
EMAIL_LIMIT = "5 per minute;20 per hour;60 per day"  # per client address
PER_RECIPIENT_DAILY = 3  # shortlists to one email address in 24 hours, from anyone
MESSAGES = {
    "added": "Added \u201c{title}\u201d to your shortlist. It has {count}.",
    "already": "\u201c{title}\u201d is already in your shortlist. It has {count}.",
    "full": "Your shortlist is full ({count}). Remove a listing before you add \u201c{title}\u201d.",
    "removed": "Removed \u201c{title}\u201d from your shortlist. It has {count}.",
}


def _count_words(count: int) -> str:
    return f"{count} listing{'' if count == 1 else 's'}"


def _back_to(default: str) -> str:
    """The page the button was on (a path on this site only), else `default`."""
    return local_path(request.form.get("next")) or default


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _id_text(listings) -> str:
    return ",".join(str(listing.id) for listing in listings)


def _with_ids(endpoint: str, listings) -> str:
    """/shortlist/shared?ids=3,5,8: commas kept as they are, so the link reads as the list it is."""
    return f"{url_for(endpoint)}?ids={_id_text(listings)}"


def _shortlist_page(form: EmailShortlistForm, status: int = 200):
    ids = store.current()
    listings = presenters.public_listings(ids)
    return render_template(
        "shortlist/shortlist.html",
        listings=listings,
        gone=len(ids) - len(listings),
        share_url=public_url() + _with_ids("shortlist.shared", listings),
        limit=store.LIMIT,
        compare_min=presenters.COMPARE_MIN,
        compare_max=presenters.COMPARE_MAX,
        form=form,
    ), status


@bp.get("/shortlist")
def index():
    return _shortlist_page(EmailShortlistForm())


def _button_id(listing_id: int) -> str:
    """The element to come back to: the button that was pressed (`at`, when a page has two for one listing)."""
    at = request.args.get("at", "")
    return at if BUTTON_ID.fullmatch(at) and at.endswith(f"-{listing_id}") else f"shortlist-{listing_id}"


@bp.post("/shortlist")
def change():
    """Add or remove one listing: a plain form post (redirects back) or, from shortlist.js, JSON."""
    adding = "add" in request.form
    listing_id = whole_number(request.form.get("add" if adding else "remove"), low=1)
    if listing_id is None:
        abort(400)
    found = presenters.public_listings([listing_id]) if listing_id else []
    if not found and adding:
        abort(404)
    ids = store.current()
    if adding:
        ids, outcome = store.added(ids, listing_id)
    else:
        ids, outcome = store.removed(ids, listing_id), "removed"
    title = found[0].title if found else "the listing"
    message = MESSAGES[outcome].format(title=title, count=_count_words(len(ids)))
    if _wants_json():
        response = jsonify(outcome=outcome, message=message, count=len(ids), shortlisted=listing_id in ids)
    else:
        response = redirect(_back_to(url_for("shortlist.index")) + "#" + _button_id(listing_id), 303)
    store.save(response, ids)
    return response


@bp.post("/shortlist/clear")
def clear():
    response = redirect(url_for("shortlist.index"), 303)
    store.save(response, [])
    return response


@bp.get("/shortlist/shared")
def shared():
    ids = store.parse_id_list(request.args.getlist("ids"))
    if not ids:
        abort(400)
    listings = presenters.public_listings(ids[: store.LIMIT])
    can_compare = presenters.COMPARE_MIN <= len(listings) <= presenters.COMPARE_MAX
    return render_template(
        "shortlist/shared.html",
        listings=listings,
        gone=len(ids[: store.LIMIT]) - len(listings),
        compare_href=_with_ids("shortlist.compare", listings) if can_compare else None,
    )


@bp.route("/shortlist/email", methods=["POST"])
@limiter.limit(EMAIL_LIMIT, methods=["POST"])
def email():
    listings = presenters.public_listings(store.current())
    if not listings:
        return redirect(url_for("shortlist.index"), 303)
    form = EmailShortlistForm()
    if not form.validate_on_submit():
        return _shortlist_page(form)
    links = [(listing, site_url_for("listings.listing", slug=listing.slug)) for listing in listings]
    subject, body = render_email(
        "shortlist", links=links, share_url=public_url(trust_host=False) + _with_ids("shortlist.shared", listings)
    )
    if emails_to(form.email.data, subject, since=clock.now() - timedelta(hours=24)) >= PER_RECIPIENT_DAILY:
        form.email.errors.append(
            f"We have already sent {PER_RECIPIENT_DAILY} shortlists to this email address in "
            "the last 24 hours, the most we send. Try again tomorrow, or copy the share link"
        )
        return _shortlist_page(form, 429)
    send_email(form.email.data, subject, body)
    return redirect(url_for("shortlist.emailed"), 303)


@bp.get("/shortlist/emailed")
def emailed():
    return render_template("shortlist/emailed.html")


@bp.get("/compare")
def compare():
    ids = store.parse_id_list(request.args.getlist("ids"))
    found = presenters.public_listings(ids) if ids and len(ids) <= presenters.COMPARE_MAX else []
    problem = presenters.compare_problem(ids, found)
    if problem:
        return render_template("shortlist/compare_error.html", problem=problem), problem.status
    place = " ".join(request.args.get("place", "").split())[:100]
    point = presenters.place_point(place)
    return render_template(
        "shortlist/compare.html",
        table=presenters.compare_table(found, point),
        place=place,
        place_unknown=bool(place) and point is None,
    )
