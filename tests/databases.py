"""The PostgreSQL side of the suite: `pg_app` runs a test against the server named by TEST_DATABASE_URL.

These tests run whenever that server answers, and skip with the reason when it does not; with REQUIRE_POSTGRES=1
(as .ci/run sets) an unreachable server fails them instead, so CI cannot pass without having run them.
"""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from directory import create_app
from directory.extensions import db as _db

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_url() -> str:
    from directory.config import normalise_database_url

    return normalise_database_url(os.environ.get("TEST_DATABASE_URL", DEFAULT_URL))


def _postgres_problem(url: str) -> str | None:
    try:
        engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(sa.text("select 1"))
        engine.dispose()
        return None
    except Exception as error:  # any failure to connect means "no server": say which
        return f"PostgreSQL at {url} did not answer: {type(error).__name__}: {str(error).splitlines()[0]}"


def _database_for_this_worker(url: str) -> str:
    """Under pytest-xdist each worker gets its own database (test_gw0, test_gw1...), created on first use, so
    workers never reset each other's schema. Without xdist the configured database is used as it is."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = sa.engine.make_url(url)
    name = f"{base.database}_{worker}"
    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(sa.text("select 1 from pg_database where datname = :n"), {"n": name})
        if not exists:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_database_url() -> str:
    url = postgres_url()
    problem = _postgres_problem(url)
    if problem:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"REQUIRE_POSTGRES=1 but {problem}")
        pytest.skip(problem)
    return _database_for_this_worker(url)


def _reset_schema(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def pg_app(postgres_database_url, tmp_path):
    """An app on an empty PostgreSQL schema (tables created from the models)."""
    from tests.conftest import make_test_config

    _reset_schema(postgres_database_url)
    app = create_app(make_test_config(tmp_path, postgres_database_url))
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_app(request):
    """Run a test on both databases: SQLite (always) and PostgreSQL (when it answers)."""
    if request.param == "sqlite":
        return request.getfixturevalue("app")
    return request.getfixturevalue("pg_app")
