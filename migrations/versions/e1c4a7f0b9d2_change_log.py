"""change_log: every change that affects search, numbered in commit order, for each node's index to follow

Revision ID: e1c4a7f0b9d2
Revises: e8a1c4f2b7d9
Create Date: 2026-11-30 12:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e1c4a7f0b9d2"
down_revision = "e8a1c4f2b7d9"
branch_labels = None
depends_on = None

SEQUENCE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade():
    op.create_table(
        "change_log",
        sa.Column("seq", SEQUENCE, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_change_log")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_log_created_at"), ["created_at"], unique=False)
    op.create_table(
        "change_log_trim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("through_seq", SEQUENCE, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log_trim")),
    )


def downgrade():
    op.drop_table("change_log_trim")
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_log_created_at"))
    op.drop_table("change_log")
