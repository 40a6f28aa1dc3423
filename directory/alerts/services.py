"""Subscribe (double opt-in), confirm, unsubscribe, and the digest run behind `flask alerts send`.

The digest is idempotent: for each alert, the email, the record of which listings it carried and the time it
looked are committed together, so a second run (or a run after a crash) never sends a listing that alert already
sent, and a run that finds nothing new sends nothing.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from directory import clock
from directory.alerts import searches
from directory.alerts.models import AlertDelivery, SearchAlert
from directory.alerts.tokens import make_token
from directory.extensions import db
from directory.listings.models import Listing
from directory.listings.queries import id_in
from directory.mail.services import deliver, queue_email, render_email, site_url_for

MAX_ALERTS_PER_EMAIL = 20
DIGEST_MOST = 30                 # listings listed in one digest; the rest are behind the link to the search
UNCONFIRMED_DAYS = 7             # an alert not confirmed by then is deleted by `flask privacy purge`
# A little under a day or a week, so that a cron job at the same time each day is never a minute too early.
PERIODS = {"daily": timedelta(hours=23), "weekly": timedelta(days=7) - timedelta(hours=1)}
# Each run looks back this much before the previous run: a listing published moments before a run, but not yet in
# the search index when it ran, is found by the next one; the record of deliveries keeps it from going twice.
OVERLAP = timedelta(hours=1)


def alerts_for(email: str) -> list[SearchAlert]:
    return list(db.session.scalars(sa.select(SearchAlert).where(SearchAlert.email == email.lower())
                                   .order_by(SearchAlert.created_at, SearchAlert.id)))


def links(alert: SearchAlert) -> dict[str, str]:
    """The signed links every alert email carries."""
    return {purpose: site_url_for(f"alerts.{purpose}", token=make_token(purpose, alert.id))
            for purpose in ("confirm", "unsubscribe", "manage")}


def list_headers(unsubscribe_url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: mail programs show an unsubscribe button that POSTs to the link, with no page."""
    return {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated"}


def _send(alert: SearchAlert, template: str, **context):
    urls = links(alert)
    subject, body = render_email(template, alert=alert, urls=urls, search=searches.describe(searches.as_search(alert)),
                                 **context)
    return queue_email(alert.email, subject, body, list_headers(urls["unsubscribe"]))


def subscribe(email: str, search: dict, frequency: str) -> SearchAlert | None:
    """Save an unconfirmed alert and email its confirmation link; None (and no email) when the address already has
    MAX_ALERTS_PER_EMAIL alerts. The page says the same either way, so it never tells who has alerts."""
    email = email.strip().lower()
    if len(alerts_for(email)) >= MAX_ALERTS_PER_EMAIL:
        return None
    alert = SearchAlert(email=email, query=search["query"], place=search["place"], filters=search["filters"],
                        distance=search["distance"], national=search["national"], frequency=frequency)
    db.session.add(alert)
    db.session.flush()
    message = _send(alert, "alert_confirm")
    db.session.commit()
    deliver(message)
    return alert


def confirm(alert: SearchAlert, now: datetime | None = None) -> None:
    """Start the alert: its first digest has what is published or changed from now on."""
    if alert.confirmed_at is None:
        alert.confirmed_at = alert.checked_at = now or clock.now()
        db.session.commit()


def delete(alerts: list[SearchAlert]) -> None:
    """Unsubscribe: the alert, its search and its record of sent listings go at once."""
    for alert in alerts:
        db.session.delete(alert)
    db.session.commit()


def is_due(alert: SearchAlert, now: datetime) -> bool:
    return alert.checked_at is None or now - alert.checked_at >= PERIODS.get(alert.frequency, PERIODS["weekly"])


def new_matches(alert: SearchAlert, since: datetime) -> list[Listing]:
    """Listings the alert's search finds now that were published or changed after `since` and that this alert has
    never sent, newest first."""
    ids = searches.matching_ids(alert)
    if not ids:
        return []
    sent = sa.select(AlertDelivery.listing_id).where(AlertDelivery.alert_id == alert.id)
    changed = sa.or_(Listing.published_at > since, Listing.updated_at > since)
    rows = db.session.scalars(sa.select(Listing).where(id_in(Listing.id, ids), Listing.status == "published",
                                                       changed, Listing.id.not_in(sent))
                              .order_by(sa.func.coalesce(Listing.published_at, Listing.updated_at).desc(), Listing.id))
    return [listing for listing in rows if listing.is_public]


def send_digest(alert: SearchAlert, now: datetime) -> int:
    """Email one alert's new matches (if any) and record them; returns how many listings it sent."""
    started = alert.confirmed_at or now
    found = new_matches(alert, max(started, (alert.checked_at or started) - OVERLAP))
    alert.checked_at = now
    message = None
    if found:
        shown = [(listing, site_url_for("listings.listing", slug=listing.slug)) for listing in found[:DIGEST_MOST]]
        query = searches.search_query_string(searches.as_search(alert))
        message = _send(alert, "alert_digest", listings=shown, total=len(found),
                        search_url=site_url_for("search.search") + (f"?{query}" if query else ""))
        db.session.add_all(AlertDelivery(alert_id=alert.id, listing_id=listing.id, sent_at=now) for listing in found)
    db.session.commit()
    if message is not None:
        deliver(message)
    return len(found)


def send_due(now: datetime | None = None, progress=None) -> dict[str, int]:
    """Every confirmed alert whose day or week has come round: look for new matches and email them."""
    now = now or clock.now()
    alerts = list(db.session.scalars(sa.select(SearchAlert).where(SearchAlert.confirmed_at.is_not(None))
                                     .order_by(SearchAlert.id)))
    due = [alert for alert in alerts if is_due(alert, now)]
    summary = {"alerts checked": 0, "emails sent": 0, "listings sent": 0}
    for n, alert in enumerate(due, 1):
        count = send_digest(alert, now)
        summary["alerts checked"] += 1
        summary["emails sent"] += 1 if count else 0
        summary["listings sent"] += count
        if progress:
            progress("Sending alerts", n, len(due))
    return summary


def purge_unconfirmed(now: datetime) -> int:
    """Delete alerts never confirmed within UNCONFIRMED_DAYS (for `flask privacy purge`)."""
    return db.session.execute(sa.delete(SearchAlert).where(
        SearchAlert.confirmed_at.is_(None), SearchAlert.created_at < now - timedelta(days=UNCONFIRMED_DAYS))
        .execution_options(synchronize_session=False)).rowcount
