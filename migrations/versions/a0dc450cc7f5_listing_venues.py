"""Listing venues: where a listing runs (name, address, postcode and the postcode district's coordinates)

Revision ID: a0dc450cc7f5
Revises: b7e2c41f9a03
Create Date: 2026-11-30 09:11:31.998916

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a0dc450cc7f5"
down_revision = "b7e2c41f9a03"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "listing_venues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listings.id"], name=op.f("fk_listing_venues_listing_id_listings"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_venues")),
    )
    with op.batch_alter_table("listing_venues", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_listing_venues_listing_id"), ["listing_id"], unique=False)


def downgrade():
    with op.batch_alter_table("listing_venues", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listing_venues_listing_id"))

    op.drop_table("listing_venues")
