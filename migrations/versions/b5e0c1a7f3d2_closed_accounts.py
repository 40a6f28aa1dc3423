"""Closed accounts: which accounts were closed and when (issue 15, privacy)

Revision ID: b5e0c1a7f3d2
Revises: ec5860f4bbe0
Create Date: 2026-11-30 09:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b5e0c1a7f3d2"
down_revision = "ec5860f4bbe0"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "closed_accounts",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_closed_accounts_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_closed_accounts")),
    )


def downgrade():
    op.drop_table("closed_accounts")
