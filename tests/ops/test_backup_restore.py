"""Backups restore: dump a seeded PostgreSQL database with pg_dump, restore it into a new database with pg_restore,
rebuild the search index there, and find the listing by search and the account by signing in (docs/operations.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import sqlalchemy as sa

from directory import create_app
from directory.extensions import db
from directory.public_forms.models import Message
from tests.conftest import make_test_config
from tests.factories import Factories

pytestmark = pytest.mark.postgres
PASSWORD = "correct horse battery staple"


def libpq_url(url: sa.engine.URL) -> str:
    """The SQLAlchemy URL as pg_dump and pg_restore take it (no driver name)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def client_tools():
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    if missing:
        problem = f"PostgreSQL client tools missing: {', '.join(missing)} (Debian: postgresql-client)"
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(problem)
        pytest.skip(problem)


@pytest.fixture
def restore_url(postgres_database_url):
    """An empty database beside the test one, dropped afterwards."""
    url = sa.engine.make_url(postgres_database_url)
    target = url.set(database=f"{url.database}_restored")
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")

    def recreate(create: bool):
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
            if create:
                connection.execute(sa.text(f'CREATE DATABASE "{target.database}"'))

    recreate(True)
    yield target
    recreate(False)
    admin.dispose()


def seed_what_matters(app):
    with app.app_context():
        make = Factories(db)
        listing = make.listing(title="Aseptic manufacturing apprenticeship")
        user = make.user(email="restored@example.org", password=PASSWORD)
        db.session.add(
            Message(
                kind="enquiry", listing_id=listing.id, email="employer@example.org", body="Can we host two apprentices?"
            )
        )
        db.session.commit()
        return listing.id, user.email


def test_a_dump_restores_into_a_new_database_that_searches_and_signs_in(pg_app, client_tools, restore_url, tmp_path):
    _listing_id, email = seed_what_matters(pg_app)
    dump = tmp_path / "directory.dump"
    source = sa.engine.make_url(pg_app.config["SQLALCHEMY_DATABASE_URI"])
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", f"--dbname={libpq_url(source)}"], check=True
    )
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={libpq_url(restore_url)}", str(dump)], check=True
    )

    restored = create_app(make_test_config(tmp_path / "restored", restore_url.render_as_string(hide_password=False)))
    with restored.app_context():
        client = restored.test_client()
        assert "Aseptic" not in client.get("/search?q=aseptic").get_data(as_text=True)  # the index is not backed up
        result = restored.test_cli_runner().invoke(args=["index", "rebuild"])
        assert result.exit_code == 0 and "Search index rebuilt: 1 listings" in result.output, result.output
        page = client.get("/search?q=aseptic").get_data(as_text=True)
        assert "Aseptic manufacturing apprenticeship" in page
        signed_in = client.post("/account/sign-in", data={"email": email, "password": PASSWORD})
        assert signed_in.status_code == 302
        assert db.session.scalar(sa.select(Message.body)) == "Can we host two apprentices?"
        db.session.remove()
        db.engine.dispose()
