"""Fixtures for the operations and privacy tests: a clock tests can move, and quick password hashing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from directory import clock

START = datetime(2026, 1, 15, 9, 0)


@pytest.fixture
def moving_clock(monkeypatch):
    """clock.now() starts at START; .advance(days=...) moves it on. Column defaults keep the real clock (they hold
    the function itself), so tests give created_at=moving_clock.at where it matters."""

    class Clock:
        at = START

        def advance(self, **delta):
            self.at += timedelta(**delta)

    fake = Clock()
    monkeypatch.setattr(clock, "now", lambda: fake.at)
    return fake


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch):
    from argon2 import PasswordHasher

    from directory.accounts import models

    monkeypatch.setattr(models, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
