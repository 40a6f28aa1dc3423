"""Organisation claims: a person asks to manage an organisation that has no members yet

Revision ID: ec5860f4bbe0
Revises: c0f5e7a91b2d
Create Date: 2026-11-30 09:05:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "ec5860f4bbe0"
down_revision = "c0f5e7a91b2d"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "organisation_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_organisation_claims_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_claims_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_organisation_claims_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_claims")),
    )
    with op.batch_alter_table("organisation_claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_claims_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisation_claims_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisation_claims_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("organisation_claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_claims_user_id"))
        batch_op.drop_index(batch_op.f("ix_organisation_claims_state"))
        batch_op.drop_index(batch_op.f("ix_organisation_claims_organisation_id"))

    op.drop_table("organisation_claims")
