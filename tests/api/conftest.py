"""Fixtures for the open-data tests: seeded data, a listing with every field, and the ORUK conformance schemas."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from directory.listings.seed import load, read_seed_dir
from tests.api.conformance import Schemas, conformance_dir


@pytest.fixture
def seeded(db, seed_dir):
    """The curated seed data, as `make run` loads it."""
    from directory.listings.indexing import reconcile

    load(read_seed_dir(seed_dir))
    reconcile()
    return db


@pytest.fixture
def reindex(app):
    """Bring the search index in step with the database (factories and the seed loader write to it directly)."""
    from directory.listings.indexing import reconcile

    return reconcile


@pytest.fixture
def rich_listing(make):
    """A published listing with every optional field filled, including an address and coordinates."""
    org = make.organisation(slug="crick-academy", name="Crick Academy", website="https://example.org",
                            email="hello@example.org", org_type="research-institute")
    return make.listing(
        organisation=org, slug="lab-skills-bootcamp", title="Laboratory skills bootcamp",
        provision_type="skills-bootcamp", section="alternative-qualifications",
        url="https://example.org/bootcamp", contact_email="bootcamp@example.org", contact_phone="020 7946 0000",
        costs=["free", "funded"], cost_details="Funded by the Department for Education.",
        regions=["london", "uk-wide"], places=["Camden"], delivery=["in-person", "online"],
        levels=["level-3"], audiences=["adults", "career-changers"], topics=["laboratory-science"],
        postcode="NW1 1AT", address="1 Midland Road", latitude=51.5313, longitude=-0.1287,
        next_start_date=date(2027, 1, 11), start_info="Cohorts start each January.",
        last_verified_at=datetime(2026, 10, 1, 9, 30), availability="open",
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
