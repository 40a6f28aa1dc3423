"""organisations.name_key: organisation names unique after normalisation (case, spaces, punctuation)

Revision ID: b4d6f8a0c2e4
Revises: a3c5e7f9b1d2
Create Date: 2026-11-30 09:50:00

"""

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "b4d6f8a0c2e4"
down_revision = "a3c5e7f9b1d2"
branch_labels = None
depends_on = None


def _key(name):
    # A copy of directory.listings.models.organisation_name_key as it was when this migration was written.
    key = re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", name or "").casefold())[:200]
    return key or None


def upgrade():
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_key", sa.String(length=200), nullable=True))
    connection = op.get_bind()
    organisations = sa.table(
        "organisations", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("name_key", sa.String)
    )
    seen = set()
    for organisation_id, name in connection.execute(
        sa.select(organisations.c.id, organisations.c.name).order_by(organisations.c.id)
    ).all():
        key = _key(name)
        if (
            key is not None and key in seen
        ):  # an existing look-alike keeps its name; its key is made unique, for a moderator to merge
            key = f"{key[:190]}~{organisation_id}"
        seen.add(key)
        connection.execute(organisations.update().where(organisations.c.id == organisation_id).values(name_key=key))
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f("uq_organisations_name_key"), ["name_key"])


def downgrade():
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_organisations_name_key"), type_="unique")
        batch_op.drop_column("name_key")
