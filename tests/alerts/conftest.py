"""Alert fixtures: the outbox, the app's index brought in step, and a clock the tests move."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.accounts.conftest import outbox, quick_password_hashing  # noqa: F401  (shared fixtures)
from tests.search.conftest import reindex  # noqa: F401


class Clock:
    def __init__(self, start: datetime):
        self.time = start

    def __call__(self) -> datetime:
        return self.time

    def forward(self, **delta) -> datetime:
        self.time += timedelta(**delta)
        return self.time


@pytest.fixture
def clock(monkeypatch):
    """directory.clock.now, moved by the test: clock.forward(days=1)."""
    from directory import clock as app_clock

    fake = Clock(datetime(2026, 6, 1, 7, 0))
    monkeypatch.setattr(app_clock, "now", fake)
    return fake
