"""alert secrets: a random secret per search alert, signed into its links, and alert ids never reused on SQLite

Revision ID: f3b8d2a6c1e4
Revises: e8f1a3c5b7d9
Create Date: 2026-11-30 13:00:00

"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "f3b8d2a6c1e4"
down_revision = "e8f1a3c5b7d9"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("search_alerts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("secret", sa.String(length=32), nullable=True))
    alerts = sa.table("search_alerts", sa.column("id", sa.Integer()), sa.column("secret", sa.String()))
    connection = op.get_bind()
    for (alert_id,) in connection.execute(sa.select(alerts.c.id)).all():
        # Existing links (signed without a secret) stop working: people use the newest email's links instead.
        connection.execute(alerts.update().where(alerts.c.id == alert_id).values(secret=secrets.token_urlsafe(16)))
    # On SQLite the table is rebuilt with AUTOINCREMENT, so a deleted alert's id is never given to a new one.
    with op.batch_alter_table(
        "search_alerts", schema=None, recreate="auto", table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.alter_column("secret", existing_type=sa.String(length=32), nullable=False)


def downgrade():
    with op.batch_alter_table("search_alerts", schema=None, table_kwargs={"sqlite_autoincrement": False}) as batch_op:
        batch_op.drop_column("secret")
