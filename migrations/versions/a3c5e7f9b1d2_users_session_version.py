"""users.session_version: sign-out, password change and "sign out everywhere" end every copy of a session

Revision ID: a3c5e7f9b1d2
Revises: b5e0c1a7f3d2
Create Date: 2026-11-30 09:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a3c5e7f9b1d2"
down_revision = "b5e0c1a7f3d2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), server_default="0", nullable=False))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_version")
