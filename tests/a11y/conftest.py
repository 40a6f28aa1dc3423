"""One seeded site for the accessibility tests, with a provider, a moderator and listings in each state."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from directory import create_app
from directory.extensions import db as _db
from tests.accounts.conftest import outbox, quick_password_hashing, sign_in  # noqa: F401  (shared fixtures)
from tests.browser import LiveServer
from tests.factories import Factories

PASSWORD = "a long and unusual passphrase"
PROVIDER_EMAIL = "provider@walk.example"
MODERATOR_EMAIL = "moderator@walk.example"


def _seed(app) -> None:
    runner = app.test_cli_runner()
    for command in (["seed"], ["index", "rebuild"]):
        result = runner.invoke(args=command)
        assert result.exit_code == 0, result.output


def _people_and_drafts(app) -> dict:
    """A provider with a draft and a listing waiting for review; a moderator. Returns their ids."""
    from directory.submissions import workflow

    with app.app_context():
        make = Factories(_db)
        provider = make.user(email=PROVIDER_EMAIL, password=PASSWORD)
        make.user(email=MODERATOR_EMAIL, password=PASSWORD, role="moderator", organisation=None)
        data = {**make.listing(status="archived").snapshot(), "title": "Walk-through lab bootcamp"}
        draft = workflow.create_listing(provider.organisation, data, actor=provider)
        pending = workflow.create_listing(
            provider.organisation, {**data, "title": "Walk-through pending course"}, actor=provider
        )
        workflow.submit(pending, actor=provider)
        return {"draft": draft.id, "pending": pending.id, "revision": workflow.open_revision(pending).id}


@pytest.fixture(scope="session")
def site(tmp_path_factory, seed_dir):
    """A running, seeded site shared by the accessibility tests (seeding takes seconds; they read, not write)."""
    from tests.conftest import make_test_config

    tmp_path = tmp_path_factory.mktemp("walk")
    app = create_app(make_test_config(tmp_path, f"sqlite:///{tmp_path / 'walk.sqlite3'}", SEED_DATA_DIR=str(seed_dir)))
    with app.app_context():
        _db.create_all()
    _seed(app)
    server = LiveServer(app).start()
    server.ids = _people_and_drafts(app)
    yield server
    server.stop()
    with app.app_context():
        _db.engine.dispose()


def browser_sign_in(page, site, email: str) -> None:
    page.goto(site.url + "/account/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"sign-in"))


@pytest.fixture
def reindex(app):
    """Bring the app's index in step with the database (factories write to the database directly)."""
    from directory.listings.indexing import reconcile

    return reconcile
