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


def test_alert_secrets_migration_keeps_alerts_gives_each_a_secret_and_never_reuses_ids(tmp_path):
    import sqlalchemy as sa

    app = _migrated_app(tmp_path, f"sqlite:///{tmp_path / 'a.sqlite3'}")
    with app.app_context():
        upgrade(revision="e1c4a7f0b9d2")
        with db.engine.begin() as connection:
            for alert_id, email in ((1, "a@example.org"), (2, "b@example.org")):
                connection.execute(
                    sa.text(
                        "INSERT INTO search_alerts (id, email, query, place, filters, national, frequency, created_at) "
                        "VALUES (:id, :email, '', '', '{}', 1, 'daily', '2026-06-01 07:00:00')"
                    ),
                    {"id": alert_id, "email": email},
                )
            connection.execute(
                sa.text(
                    "INSERT INTO search_alert_deliveries (alert_id, listing_id, sent_at) "
                    "VALUES (2, 7, '2026-06-01 07:00:00')"
                )
            )
        upgrade()
        with db.engine.begin() as connection:
            secrets = connection.execute(sa.text("SELECT secret FROM search_alerts ORDER BY id")).scalars().all()
            assert len(secrets) == 2 and all(len(secret) >= 16 for secret in secrets) and len(set(secrets)) == 2
            assert connection.execute(sa.text("SELECT count(*) FROM search_alert_deliveries")).scalar() == 1
            assert (
                "AUTOINCREMENT"
                in connection.execute(sa.text("SELECT sql FROM sqlite_master WHERE name = 'search_alerts'")).scalar()
            )
            connection.execute(sa.text("DELETE FROM search_alerts WHERE id = 2"))
            connection.execute(
                sa.text(
                    "INSERT INTO search_alerts (email, query, place, filters, national, frequency, created_at, secret) "
                    "VALUES ('c@example.org', '', '', '{}', 1, 'daily', '2026-06-02 07:00:00', 'x')"
                )
            )
            assert connection.execute(sa.text("SELECT max(id) FROM search_alerts")).scalar() == 3
