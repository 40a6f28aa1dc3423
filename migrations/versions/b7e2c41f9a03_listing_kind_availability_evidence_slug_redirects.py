"""Listing kind (provision or sector initiative), availability evidence, scope note; slug redirects

Revision ID: b7e2c41f9a03
Revises: d446e4aac8b4
Create Date: 2026-11-30 09:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b7e2c41f9a03"
down_revision = "d446e4aac8b4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("availability_evidence", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("availability_as_of", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("kind", sa.String(length=20), server_default="provision", nullable=False))
        batch_op.add_column(sa.Column("scope_note", sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f("ix_listings_kind"), ["kind"], unique=False)

    op.create_table(
        "slug_redirects",
        sa.Column("old_slug", sa.String(length=160), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listings.id"], name=op.f("fk_slug_redirects_listing_id_listings"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("old_slug", name=op.f("pk_slug_redirects")),
    )
    with op.batch_alter_table("slug_redirects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_slug_redirects_listing_id"), ["listing_id"], unique=False)


def downgrade():
    with op.batch_alter_table("slug_redirects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slug_redirects_listing_id"))
    op.drop_table("slug_redirects")
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listings_kind"))
        batch_op.drop_column("scope_note")
        batch_op.drop_column("kind")
        batch_op.drop_column("availability_as_of")
        batch_op.drop_column("availability_evidence")
