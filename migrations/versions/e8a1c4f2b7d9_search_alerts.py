"""search_alerts: email alerts for a saved search, the listings each has sent, and extra headers on outbox emails

Revision ID: e8a1c4f2b7d9
Revises: c5e7a9b1d3f6
Create Date: 2026-11-30 12:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e8a1c4f2b7d9"
down_revision = "c5e7a9b1d3f6"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("query", sa.String(length=200), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("distance", sa.Integer(), nullable=True),
        sa.Column("national", sa.Boolean(), nullable=False),
        sa.Column("frequency", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("checked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_alerts")),
    )
    with op.batch_alter_table("search_alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_alerts_email"), ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_search_alerts_confirmed_at"), ["confirmed_at"], unique=False)

    op.create_table(
        "search_alert_deliveries",
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["search_alerts.id"],
            name=op.f("fk_search_alert_deliveries_alert_id_search_alerts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["listing_id"],
            ["listings.id"],
            name=op.f("fk_search_alert_deliveries_listing_id_listings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("alert_id", "listing_id", name=op.f("pk_search_alert_deliveries")),
    )
    with op.batch_alter_table("search_alert_deliveries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_alert_deliveries_listing_id"), ["listing_id"], unique=False)

    with op.batch_alter_table("outbox_emails", schema=None) as batch_op:
        batch_op.add_column(sa.Column("headers", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox_emails", schema=None) as batch_op:
        batch_op.drop_column("headers")
    with op.batch_alter_table("search_alert_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_alert_deliveries_listing_id"))
    op.drop_table("search_alert_deliveries")
    with op.batch_alter_table("search_alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_alerts_confirmed_at"))
        batch_op.drop_index(batch_op.f("ix_search_alerts_email"))
    op.drop_table("search_alerts")
