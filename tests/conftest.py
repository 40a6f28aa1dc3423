"""Shared fixtures: an app on a throwaway SQLite database, factories, and a client helper that checks every page.

Feature tests live in folders beside this file; fixtures that only one feature needs live in that folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from directory import create_app
from directory.extensions import db as _db
from tests.factories import Factories
from tests.pages import PageClient

pytest_plugins = ["tests.databases", "tests.browser"]

REPO_ROOT = Path(__file__).resolve().parent.parent


def make_test_config(tmp_path: Path, database_url: str, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret",
        "SEARCH_INDEX_DIR": str(tmp_path / "search_index"),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SEARCH_RECONCILE_ON_START": False,
        "SEARCH_INDEX_FAULT_CHECKS": False,  # factories add listings without indexing: not a missing index
        "SEARCH_FOLLOWER": "off",  # tests that follow the change log run a follower themselves
        "SERVER_NAME": None,
        "SITE_URL": "http://127.0.0.1:5000",
    }
    config.update(overrides)
    return config


@pytest.fixture
def app_config(tmp_path):
    """Override this (or extend it) in a test module to change settings, e.g. to switch CSRF on."""
    return make_test_config(tmp_path, f"sqlite:///{tmp_path / 'test.sqlite3'}")


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def make(db):
    """Factories: make.organisation(...), make.listing(region="wales", ...), make.user(role="moderator")."""
    return Factories(db)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def pages(client):
    """A client whose .get() checks what every HTML page must satisfy and returns a parsed page."""
    return PageClient(client)


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return Path(os.environ.get("SEED_DATA_DIR", REPO_ROOT / "seed_data"))


@pytest.fixture
def page(page):
    """pytest-playwright's page, failing the test if the browser reports any Content-Security-Policy violation."""
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    assert violations == [], f"CSP violations: {violations}"
