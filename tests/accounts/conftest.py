"""Fixtures for the accounts tests: a signed-in client and the outbox."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from directory.mail.models import OutboxEmail

GOOD_PASSWORD = "plum tractor mosaic harbour"


@pytest.fixture
def outbox(db):
    """The emails written so far, oldest first (a function, so each call reads afresh)."""

    def read() -> list[OutboxEmail]:
        return list(db.session.scalars(sa.select(OutboxEmail).order_by(OutboxEmail.id)))

    return read


@pytest.fixture
def sign_in(client):
    """sign_in(user) signs the test client in through the real sign-in form."""

    def do(user, password: str = "correct horse battery staple"):
        response = client.post("/account/sign-in", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return response

    return do


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch):
    """Argon2 with tiny costs, so tests that create many users stay fast (production keeps the library defaults)."""
    from argon2 import PasswordHasher

    from directory.accounts import models

    monkeypatch.setattr(models, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
