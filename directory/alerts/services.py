"""Subscribe (double opt-in), confirm, unsubscribe, and the digest run behind `flask alerts send`.

The digest is idempotent: for each alert, the email, the record of which listings it carried and the time it
looked are committed together, so a second run (or a run after a crash) never sends a listing that alert already
sent, and a run that finds nothing new sends nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from directory import clock
from directory.alerts import searches
from directory.alerts.models import AlertDelivery, SearchAlert
from directory.alerts.tokens import make_token
from directory.extensions import db
from directory.listings.models import Listing
from directory.listings.queries import id_in
from directory.mail.models import OutboxEmail
from directory.mail.services import deliver, queue_email, render_email, site_url_for

MAX_ALERTS_PER_EMAIL = 20
DIGEST_MOST = 30  # listings named in one digest (and recorded); the rest are behind the search link
UNCONFIRMED_DAYS = 7  # an alert not confirmed by then is deleted by `flask privacy purge`
# A little under a day or a week, so that a cron job at the same time each day is never a minute too early.
PERIODS = {"daily": timedelta(hours=23), "weekly": timedelta(days=7) - timedelta(hours=1)}
# Each run looks back this much before the previous run: a listing published moments before a run, but not yet in
# the search index when it ran, is found by the next one; the record of deliveries keeps it from going twice.
OVERLAP = timedelta(hours=1)


def alerts_for(email: str) -> list[SearchAlert]:
    return list(
        db.session.scalars(
            sa.select(SearchAlert)
            .where(SearchAlert.email == email.lower())
            .order_by(SearchAlert.created_at, SearchAlert.id)
        )
    )


def links(alert: SearchAlert) -> dict[str, str]:
    """The signed links every alert email carries."""
    return {
        purpose: site_url_for(f"alerts.{purpose}", token=make_token(purpose, alert))
        for purpose in ("confirm", "unsubscribe", "manage")
    }


def list_headers(unsubscribe_url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: mail programs show an unsubscribe button that POSTs to the link, with no page."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }


def _send(alert: SearchAlert, template: str, *, free_text: bool = True, **context):
    """Queue one alert email. `free_text=False` (the confirmation, to an address that has not consented yet) leaves
    out the keywords and place, which anyone could have typed, so the site never mails someone else's words."""
    urls = links(alert)
    search = searches.describe(searches.as_search(alert), free_text=free_text)
    subject, body = render_email(template, alert=alert, urls=urls, search=search, **context)
    return queue_email(alert.email, subject, body, list_headers(urls["unsubscribe"]))


def subscribe(email: str, search: dict, frequency: str) -> SearchAlert | None:
    """Save an unconfirmed alert and email its confirmation link; None (and no email) when the address already has
    MAX_ALERTS_PER_EMAIL alerts. The page says the same either way, so it never tells who has alerts."""
    email = email.strip().lower()
    if len(alerts_for(email)) >= MAX_ALERTS_PER_EMAIL:
        return None
    alert = SearchAlert(
        email=email,
        query=search["query"],
        place=search["place"],
        filters=search["filters"],
        distance=search["distance"],
        national=search["national"],
        frequency=frequency,
    )
    db.session.add(alert)
    db.session.flush()
    message = _send(alert, "alert_confirm", free_text=False)
    db.session.commit()
    deliver(message)
    return alert


def confirm(alert: SearchAlert, now: datetime | None = None) -> None:
    """Start the alert: its first digest has what is published or changed from now on."""
    if alert.confirmed_at is None:
        alert.confirmed_at = alert.checked_at = now or clock.now()
        db.session.commit()


def delete(alerts: list[SearchAlert]) -> int:
    """Unsubscribe: the alert, its search and its record of sent listings go at once; when the address has no alert
    left, the outbox's copies of its alert emails go too. Returns how many alerts the address still has."""
    emails = {alert.email for alert in alerts}
    for alert in alerts:
        db.session.delete(alert)
    db.session.flush()
    forget_addresses(emails)
    db.session.commit()
    return sum(len(alerts_for(email)) for email in emails)


def is_alert_email(email: OutboxEmail) -> bool:
    """Alert emails (confirmations and digests) are the outbox's only ones with an unsubscribe header."""
    return "List-Unsubscribe" in (email.headers or {})


def forget_addresses(emails: set[str]) -> int:
    """Delete the outbox's alert emails (sent or not, so an unsent one is never sent) to each address that has no
    alert left: its address, subjects, bodies and unsubscribe links go with its last alert. Returns how many."""
    gone = [email for email in emails if not alerts_for(email)]
    if not gone:
        return 0
    rows = db.session.scalars(sa.select(OutboxEmail).where(sa.func.lower(OutboxEmail.to).in_(gone)))
    doomed = [row for row in rows if is_alert_email(row)]
    for row in doomed:
        db.session.delete(row)
    return len(doomed)


def is_due(alert: SearchAlert, now: datetime) -> bool:
    return alert.checked_at is None or now - alert.checked_at >= PERIODS.get(alert.frequency, PERIODS["weekly"])


def new_matches(alert: SearchAlert, since: datetime) -> list[int]:
    """Ids of listings the alert's search finds now that were published or changed after `since` and that this
    alert has never sent, newest first. Ids only: the digest loads the few it names."""
    ids = searches.matching_ids(alert)
    if not ids:
        return []
    sent = sa.select(AlertDelivery.listing_id).where(AlertDelivery.alert_id == alert.id)
    changed = sa.or_(Listing.published_at > since, Listing.updated_at > since)
    return list(
        db.session.scalars(
            sa.select(Listing.id)
            .where(id_in(Listing.id, ids), Listing.is_public, changed, Listing.id.not_in(sent))
            .order_by(sa.func.coalesce(Listing.published_at, Listing.updated_at).desc(), Listing.id)
        )
    )


def _listings(ids: list[int]) -> list[Listing]:
    found = {
        listing.id: listing
        for listing in db.session.scalars(
            sa.select(Listing).where(id_in(Listing.id, ids)).options(selectinload(Listing.organisation))
        )
    }
    return [found[listing_id] for listing_id in ids if listing_id in found]


def send_digest(alert: SearchAlert, now: datetime) -> int:
    """Email one alert's new matches (if any) and record the ones it names; returns how many listings it named.

    Only the DIGEST_MOST newest are named (and recorded, so never named again); the email counts the rest and
    links to the search. One of the rest is named by a later digest only if it is published or changed again."""
    started = alert.confirmed_at or now
    found = new_matches(alert, max(started, (alert.checked_at or started) - OVERLAP))
    alert.checked_at = now
    message = None
    named = _listings(found[:DIGEST_MOST])
    if named:
        shown = [(listing, site_url_for("listings.listing", slug=listing.slug)) for listing in named]
        query = searches.search_query_string(searches.as_search(alert))
        message = _send(
            alert,
            "alert_digest",
            listings=shown,
            total=len(found),
            search_url=site_url_for("search.search") + (f"?{query}" if query else ""),
        )
        db.session.add_all(AlertDelivery(alert_id=alert.id, listing_id=listing.id, sent_at=now) for listing in named)
    db.session.commit()
    if message is not None:
        deliver(message)
    return len(named)


def _claim(alert_id: int, now: datetime) -> SearchAlert | None:
    """The alert, read afresh and (on PostgreSQL) locked until this digest commits; None when it has gone, is no
    longer due, or another run holds it. So two runs at once never send one alert's digest twice."""
    alert = db.session.scalars(
        sa.select(SearchAlert)
        .where(SearchAlert.id == alert_id)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    ).first()
    if alert is None or alert.confirmed_at is None or not is_due(alert, now):
        db.session.rollback()
        return None
    return alert


def send_due(now: datetime | None = None, progress=None) -> dict[str, int]:
    """Every confirmed alert whose day or week has come round: look for new matches and email them. Each alert is
    its own transaction: one deleted mid-run, or one a concurrent run got to first, is skipped and the rest go."""
    now = now or clock.now()
    rows = db.session.execute(
        sa.select(SearchAlert.id, SearchAlert.checked_at, SearchAlert.frequency)
        .where(SearchAlert.confirmed_at.is_not(None))
        .order_by(SearchAlert.id)
    ).all()
    db.session.rollback()
    due = [row.id for row in rows if is_due(row, now)]
    summary = {"alerts checked": 0, "emails sent": 0, "listings sent": 0}
    for n, alert_id in enumerate(due, 1):
        count = _send_one(alert_id, now)
        if count is not None:
            summary["alerts checked"] += 1
            summary["emails sent"] += 1 if count else 0
            summary["listings sent"] += count
        if progress:
            progress("Sending alerts", n, len(due))
    return summary


def _send_one(alert_id: int, now: datetime) -> int | None:
    """One alert's digest; None when it was skipped (gone, not due, locked) or failed (logged, rolled back)."""
    try:
        alert = _claim(alert_id, now)
        return send_digest(alert, now) if alert is not None else None
    except SQLAlchemyError as error:
        db.session.rollback()
        current_app.logger.warning("Alert %s skipped this run: %s", alert_id, type(error).__name__)
        return None


def purge_unconfirmed(now: datetime) -> int:
    """Delete alerts never confirmed within UNCONFIRMED_DAYS (for `flask privacy purge`), and the confirmation
    emails to addresses left with no alert."""
    stale = (SearchAlert.confirmed_at.is_(None), SearchAlert.created_at < now - timedelta(days=UNCONFIRMED_DAYS))
    emails = set(db.session.scalars(sa.select(SearchAlert.email).where(*stale)))
    count = db.session.execute(
        sa.delete(SearchAlert).where(*stale).execution_options(synchronize_session=False)
    ).rowcount
    forget_addresses(emails)
    return count
