"""Course facts: start dates, apply-by date, hours per week, entry requirements, cost in pounds

Study modes and funding are listing_terms rows (schemes study_modes and funding), so need no new table.
Existing listings keep their one next_start_date as their only start date.

Revision ID: c0f5e7a91b2d
Revises: a0dc450cc7f5
Create Date: 2026-11-30 09:05:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c0f5e7a91b2d"
down_revision = "a0dc450cc7f5"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("start_dates", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("apply_by", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("hours_per_week", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("entry_requirements", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("cost_pounds", sa.Float(), nullable=True))
    listings = sa.table(
        "listings",
        sa.column("id", sa.Integer),
        sa.column("next_start_date", sa.Date),
        sa.column("start_dates", sa.JSON),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(listings.c.id, listings.c.next_start_date).where(listings.c.next_start_date.isnot(None))
    ).all()
    for listing_id, day in rows:
        bind.execute(listings.update().where(listings.c.id == listing_id).values(start_dates=[day.isoformat()]))


def downgrade():
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.drop_column("cost_pounds")
        batch_op.drop_column("entry_requirements")
        batch_op.drop_column("hours_per_week")
        batch_op.drop_column("apply_by")
        batch_op.drop_column("start_dates")
