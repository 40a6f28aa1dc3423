"""Signed links for alerts. Each names one alert and what the link is for; nothing else is stored to check them.

A confirmation link lasts CONFIRM_DAYS. Unsubscribe and manage links do not expire (they are in every email, and
must keep working as long as the alert exists); once the alert is deleted they lead to "this alert has gone".
"""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

CONFIRM_DAYS = 7
PURPOSES = ("confirm", "unsubscribe", "manage")


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"search-alert-{purpose}")


def make_token(purpose: str, alert_id: int) -> str:
    return _serializer(purpose).dumps(alert_id)


def alert_id_for(purpose: str, token: str) -> int | None:
    """The alert id a genuine token of this purpose names (a confirmation within CONFIRM_DAYS); None otherwise."""
    max_age = CONFIRM_DAYS * 24 * 3600 if purpose == "confirm" else None
    try:
        value = _serializer(purpose).loads(token[:500], max_age=max_age)
    except (BadSignature, ValueError, TypeError):  # SignatureExpired is a BadSignature
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None
