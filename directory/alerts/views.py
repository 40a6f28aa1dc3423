"""The alert pages: sign up from a search, confirm, see and delete one's alerts, unsubscribe (one click too)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for

from directory.alerts import searches, services
from directory.alerts.forms import AlertForm
from directory.alerts.models import SearchAlert
from directory.alerts.tokens import alert_for, is_genuine, make_token
from directory.extensions import csrf, limiter

bp = Blueprint("alerts", __name__, url_prefix="/alerts")

SIGN_UP_LIMIT = "5 per minute;20 per hour;60 per day"
DONE = {"confirmed": "Your alert is set up", "deleted": "The alert is deleted"}


def _link_problem():
    return render_template("alerts/link_problem.html"), 404


@bp.route("/new", methods=["GET", "POST"])
@limiter.limit(SIGN_UP_LIMIT, methods=["POST"])
def new():
    """The search comes from the URL (the same parameters as /search); the form adds an address and how often."""
    search = searches.from_request_args(request.args)
    form = AlertForm()
    if form.validate_on_submit():
        services.subscribe(form.email.data, search, form.frequency.data)
        return redirect(url_for("alerts.check_email"), 303)
    return render_template(
        "alerts/new.html",
        form=form,
        search=searches.describe(search),
        search_href=url_for("search.search") + _query(search),
    )


def _query(search: dict) -> str:
    query = searches.search_query_string(search)
    return f"?{query}" if query else ""


@bp.get("/check-email")
def check_email():
    return render_template("alerts/check_email.html")


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """A button, not the link itself, confirms: mail scanners that open links must not switch alerts on."""
    alert = alert_for("confirm", token)
    if alert is None:
        return _link_problem()
    if request.method == "POST":
        services.confirm(alert)
        return redirect(url_for("alerts.manage", token=make_token("manage", alert), done="confirmed"), 303)
    return render_template("alerts/confirm.html", alert=alert, search=searches.describe(searches.as_search(alert)))


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    """GET asks; POST deletes. Mail programs POST here with no page and no form token (RFC 8058 one-click), so the
    signed token is the protection; posting for an alert already deleted still says "unsubscribed"."""
    if not is_genuine("unsubscribe", token):
        return _link_problem()
    alert = alert_for("unsubscribe", token)
    if request.method == "POST":
        return _unsubscribed([alert] if alert is not None else [])
    if alert is None:
        return _unsubscribed([])
    return render_template("alerts/unsubscribe.html", alert=alert, search=searches.describe(searches.as_search(alert)))


@bp.get("/manage/<token>")
def manage(token: str):
    alert = alert_for("manage", token)
    if alert is None:
        return _link_problem()
    done = DONE.get(request.args.get("done", ""))
    alerts = [
        (item, searches.describe(searches.as_search(item)), searches.search_query_string(searches.as_search(item)))
        for item in services.alerts_for(alert.email)
    ]
    return render_template("alerts/manage.html", alert=alert, alerts=alerts, token=token, done=done)


@bp.post("/manage/<token>/delete")
def delete(token: str):
    alert = alert_for("manage", token)
    if alert is None:
        return _link_problem()
    mine = services.alerts_for(alert.email)
    chosen = request.form.get("alert", "")
    doomed = mine if chosen == "all" else [item for item in mine if str(item.id) == chosen]
    if not doomed:
        abort(400)
    keep = next((item for item in mine if item not in doomed), None)
    if keep is None:
        return _unsubscribed(doomed)
    services.delete(doomed)
    return redirect(url_for("alerts.manage", token=make_token("manage", keep), done="deleted"), 303)


def _unsubscribed(alerts: list[SearchAlert]):
    """Delete the alerts and say exactly what went: the address too when it has no alert left."""
    remaining = services.delete(alerts) if alerts else None
    return render_template("alerts/unsubscribed.html", remaining=remaining)
