"""Signed links for alerts. Each names one alert, its random secret and what the link is for.

The secret (`SearchAlert.secret`, random per alert) is what ties a link to the alert it was made for: a link to a
deleted alert finds no alert with that id and secret, so it leads to "this link does not work", even if the id is
ever given to another alert. A confirmation link lasts CONFIRM_DAYS. Unsubscribe and manage links are in every email
and last as long as their alert, no longer: once it is deleted (unsubscribed, or deleted from the manage page) they
stop working.
"""

from __future__ import annotations

import hmac

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from directory.alerts.models import SearchAlert
from directory.extensions import db

CONFIRM_DAYS = 7
PURPOSES = ("confirm", "unsubscribe", "manage")


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"search-alert-{purpose}")


def make_token(purpose: str, alert: SearchAlert) -> str:
    return _serializer(purpose).dumps([alert.id, alert.secret])


def _payload(purpose: str, token: str) -> tuple[int, str] | None:
    max_age = CONFIRM_DAYS * 24 * 3600 if purpose == "confirm" else None
    try:
        value = _serializer(purpose).loads(token[:500], max_age=max_age)
    except (BadSignature, ValueError, TypeError):  # SignatureExpired is a BadSignature
        return None
    if not (isinstance(value, list) and len(value) == 2):
        return None
    alert_id, secret = value
    if not isinstance(alert_id, int) or isinstance(alert_id, bool) or not isinstance(secret, str):
        return None
    return alert_id, secret


def is_genuine(purpose: str, token: str) -> bool:
    """A correctly signed token of this purpose (whether or not its alert still exists)."""
    return _payload(purpose, token) is not None


def alert_for(purpose: str, token: str) -> SearchAlert | None:
    """The alert a genuine token of this purpose was made for (a confirmation within CONFIRM_DAYS), if it exists."""
    payload = _payload(purpose, token)
    if payload is None:
        return None
    alert = db.session.get(SearchAlert, payload[0])
    if alert is None or not hmac.compare_digest(alert.secret.encode(), payload[1].encode()):
        return None
    return alert
