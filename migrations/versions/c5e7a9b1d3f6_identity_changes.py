"""identity_changes: a published organisation's new name and website wait for a moderator

Revision ID: c5e7a9b1d3f6
Revises: b4d6f8a0c2e4
Create Date: 2026-11-30 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c5e7a9b1d3f6"
down_revision = "b4d6f8a0c2e4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "identity_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_identity_changes_author_id_users")),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name=op.f("fk_identity_changes_decided_by_id_users")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_identity_changes_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_changes")),
    )
    with op.batch_alter_table("identity_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identity_changes_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_identity_changes_state"), ["state"], unique=False)


def downgrade():
    with op.batch_alter_table("identity_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_changes_state"))
        batch_op.drop_index(batch_op.f("ix_identity_changes_organisation_id"))
    op.drop_table("identity_changes")
