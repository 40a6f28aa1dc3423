"""Fixtures for the open-data tests: seeded data, a listing with every field, and the ORUK conformance schemas."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from directory import create_app
from directory.extensions import db as _db
from directory.listings.seed import load, read_seed_dir
from tests.api.conformance import Schemas, conformance_dir
from tests.conftest import make_test_config


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory, seed_dir) -> Path:
    """A database and search index loaded once from the seed data, for tests to start from a copy of."""
    folder = tmp_path_factory.mktemp("seeded")
    app = create_app(make_test_config(folder, f"sqlite:///{folder / 'test.sqlite3'}"))
    with app.app_context():
        from directory.listings.indexing import reconcile

        _db.create_all()
        load(read_seed_dir(seed_dir))
        reconcile()
        _db.session.remove()
        _db.engine.dispose()
    return folder


@pytest.fixture
def app_config(request, tmp_path):
    """As the shared one; a test that asks for `seeded` starts from a copy of the seeded database and index."""
    if "seeded" in request.fixturenames:
        template = request.getfixturevalue("seeded_template")
        shutil.copy(template / "test.sqlite3", tmp_path / "test.sqlite3")
        shutil.copytree(template / "search_index", tmp_path / "search_index", symlinks=True)
    return make_test_config(tmp_path, f"sqlite:///{tmp_path / 'test.sqlite3'}")


@pytest.fixture
def seeded(db):
    """The curated seed data, as `make run` loads it (and the search index built from it)."""
    return db


@pytest.fixture
def reindex(app):
    """Bring the search index in step with the database (factories and the seed loader write to it directly)."""
    from directory.listings.indexing import reconcile

    return reconcile


@pytest.fixture
def rich_listing(make):
    """A published listing with every optional field filled, including an address and coordinates."""
    org = make.organisation(
        slug="crick-academy",
        name="Crick Academy",
        website="https://example.org",
        email="hello@example.org",
        org_type="research-institute",
    )
    return make.listing(
        organisation=org,
        slug="lab-skills-bootcamp",
        title="Laboratory skills bootcamp",
        provision_type="skills-bootcamp",
        section="alternative-qualifications",
        url="https://example.org/bootcamp",
        contact_email="bootcamp@example.org",
        contact_phone="020 7946 0000",
        costs=["free", "funded"],
        cost_details="Funded by the Department for Education.",
        regions=["london", "uk-wide"],
        places=["Camden"],
        delivery=["in-person", "online"],
        levels=["level-3"],
        audiences=["adults", "career-changers"],
        topics=["laboratory-science"],
        postcode="NW1 1AT",
        address="1 Midland Road",
        latitude=51.5313,
        longitude=-0.1287,
        start_dates=["2027-01-11", "2027-09-06"],
        start_info="Cohorts start each January.",
        apply_by=date(2026, 12, 14),
        study_modes=["part-time"],
        hours_per_week=16,
        cost_pounds=1250.5,
        funding=["free-for-eligible-adults", "loan"],
        entry_requirements="GCSE maths at grade 4.",
        last_verified_at=datetime(2026, 10, 1, 9, 30),
        availability="open",
    )


@pytest.fixture(scope="session")
def conformance():
    root = conformance_dir()
    if root is None:
        pytest.skip("ORUK conformance data not found: set CONFORMANCE_DIR or put shared/conformance beside the repo")
    return root


@pytest.fixture(scope="session")
def schemas(conformance):
    """The ORUK 3.0 schemas as the validator applies them (formats checked)."""
    return Schemas(conformance)


@pytest.fixture(scope="session")
def strict_schemas(conformance):
    """The same with additionalProperties: false everywhere, as upstream CI validates its examples."""
    return Schemas(conformance, strict=True)
