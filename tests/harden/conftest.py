"""Fixtures for the hardening tests: factories bound to the PostgreSQL app, and cheap password hashing."""

from __future__ import annotations

import pytest

from tests.factories import Factories


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch):
    """These tests make many users and test no passwords: a cheap argon2 setting saves ~0.3 s per user."""
    from argon2 import PasswordHasher

    from directory.accounts import models

    monkeypatch.setattr(models, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1), raising=False)


@pytest.fixture
def pg_make(pg_app):
    """The factories of tests/factories.py, writing to the PostgreSQL app's database."""
    from directory.extensions import db

    return Factories(db)


@pytest.fixture
def pg_app(postgres_database_url, tmp_path):
    """tests/databases.py's pg_app, with a connection pool big enough for twenty threads at once."""
    from directory import create_app
    from directory.extensions import db
    from tests.conftest import make_test_config
    from tests.databases import _reset_schema

    _reset_schema(postgres_database_url)
    app = create_app(
        make_test_config(
            tmp_path, postgres_database_url, SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 24, "max_overflow": 4}
        )
    )
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()
