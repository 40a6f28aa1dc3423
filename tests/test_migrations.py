"""Migrations build the same schema as the models, on SQLite and PostgreSQL."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from directory import create_app
from directory.extensions import db
from tests.conftest import make_test_config


def _migrated_app(tmp_path, url):
    app = create_app(make_test_config(tmp_path, url))
    return app


def _diff(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "render_as_batch": True})
        return compare_metadata(context, db.metadata)


def test_migrations_match_the_models_on_sqlite(tmp_path):
    app = _migrated_app(tmp_path, f"sqlite:///{tmp_path / 'm.sqlite3'}")
    with app.app_context():
        upgrade()
    assert _diff(app) == []
    with app.app_context():
        downgrade(revision="base")
        upgrade()


@pytest.mark.postgres
def test_migrations_match_the_models_on_postgresql(tmp_path, postgres_database_url):
    from tests.databases import _reset_schema

    _reset_schema(postgres_database_url)
    app = _migrated_app(tmp_path, postgres_database_url)
    with app.app_context():
        upgrade()
    assert _diff(app) == []
    with app.app_context():
        db.engine.dispose()
