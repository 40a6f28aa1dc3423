"""API ids are stored on listings and organisations: the same UUIDs the API derived from slugs before (a public
contract), filled in by the migration on SQLite and PostgreSQL, and each found by one indexed lookup."""

from __future__ import annotations

import logging
import uuid

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from directory import create_app, public_ids
from directory.config import PROJECT_ROOT
from directory.extensions import db
from tests.conftest import make_test_config
from tests.factories import Factories

REVISION = "e8f1a3c5b7d9"
NAMESPACE = uuid.UUID("6f1c9a52-3d2e-5b8a-9c47-2b0e8d9f4a61")  # as published since the API began


def derived(*parts: str) -> str:
    """How every id was made before they were stored: uuid5 of the namespace and the record's slug."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def test_stored_ids_are_the_ids_the_api_derived_and_gives(client, make):
    listing = make.listing(slug="lab-skills", postcode="NW1 1AT", address="1 Midland Road", delivery=["online"])
    assert listing.uuid == derived("service", "lab-skills") == public_ids.service_id("lab-skills")
    assert listing.organisation.uuid == derived("organization", listing.organisation.slug)
    assert listing.address_entry_uuid == derived("service_at_location", "lab-skills", "physical")
    assert listing.online_entry_uuid == derived("service_at_location", "lab-skills", "virtual")
    service = client.get(f"/api/v1/services/{listing.uuid}").get_json()
    assert service["id"] == listing.uuid and service["organization_id"] == listing.organisation.uuid
    listed = client.get("/api/v1/service_at_locations").get_json()["contents"]
    assert {entry["id"] for entry in listed} == {listing.address_entry_uuid, listing.online_entry_uuid}
    for entry_id in (listing.address_entry_uuid, listing.online_entry_uuid.upper()):
        assert client.get(f"/api/v1/service_at_locations/{entry_id}").get_json()["service_id"] == listing.uuid
    assert client.get(f"/api/v1/organizations/{listing.organisation.uuid}").status_code == 200


def test_unknown_unpublished_and_malformed_ids_are_404s(client, make):
    draft = make.listing(status="draft", postcode="NW1 1AT", address="1 Midland Road")
    for path in (
        f"/api/v1/services/{draft.uuid}",
        f"/api/v1/services/{uuid.uuid4()}",
        "/api/v1/services/not-a-uuid",
        f"/api/v1/organizations/{draft.organisation.uuid}",
        f"/api/v1/service_at_locations/{draft.address_entry_uuid}",
        f"/api/v1/service_at_locations/{draft.uuid}",
    ):
        assert client.get(path).status_code == 404, path


def test_an_entry_id_for_a_place_the_listing_no_longer_has_is_a_404(client, make, db):
    listing = make.listing(delivery=["in-person"], postcode="", address="")
    assert client.get(f"/api/v1/service_at_locations/{listing.online_entry_uuid}").status_code == 404


@pytest.fixture(autouse=True)
def logging_as_it_was():
    """Alembic's env.py runs logging.config.fileConfig, which disables every logger that exists; put them back so
    later tests that read log records (caplog) still see them."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    disabled = {
        name: logger.disabled
        for name, logger in logging.root.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }
    yield
    root.setLevel(level)
    root.handlers[:] = handlers
    for name, logger in logging.root.manager.loggerDict.items():
        if isinstance(logger, logging.Logger):
            logger.disabled = disabled.get(name, False)


def _down_revision() -> str:
    script = ScriptDirectory(str(PROJECT_ROOT / "migrations"))
    return script.get_revision(REVISION).down_revision


def _migration_fills_the_ids(app) -> None:
    with app.app_context():
        upgrade()
        make = Factories(db)
        listings = [make.listing(slug=f"course-{n}") for n in range(3)]
        expected = {listing.slug: (listing.uuid, listing.organisation.slug) for listing in listings}
        db.session.commit()
        db.session.remove()
        downgrade(revision=_down_revision())
        assert "uuid" not in {column["name"] for column in sa.inspect(db.engine).get_columns("listings")}
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT l.slug, l.uuid, l.address_entry_uuid, l.online_entry_uuid, "
                    "o.slug, o.uuid FROM listings l JOIN organisations o "
                    "ON o.id = l.organisation_id"
                )
            ).all()
        assert len(rows) == 3
        for slug, stored, address, online, organisation_slug, organisation_uuid in rows:
            assert stored == derived("service", slug) == expected[slug][0]
            assert address == derived("service_at_location", slug, "physical")
            assert online == derived("service_at_location", slug, "virtual")
            assert organisation_uuid == derived("organization", organisation_slug)
        db.session.remove()
        db.engine.dispose()


def test_the_migration_fills_the_same_ids_on_sqlite(tmp_path):
    _migration_fills_the_ids(create_app(make_test_config(tmp_path, f"sqlite:///{tmp_path / 'ids.sqlite3'}")))


@pytest.mark.postgres
def test_the_migration_fills_the_same_ids_on_postgresql(tmp_path, postgres_database_url):
    from tests.databases import _reset_schema

    _reset_schema(postgres_database_url)
    _migration_fills_the_ids(create_app(make_test_config(tmp_path, postgres_database_url)))
