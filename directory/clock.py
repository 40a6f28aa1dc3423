"""The one place the app asks for the time, so tests can move the clock (monkeypatch `directory.clock.now`)."""

from datetime import UTC, datetime


def now() -> datetime:
    """The current time in UTC, without tzinfo: the form every timestamp column stores, on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)
