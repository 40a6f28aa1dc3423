"""stored API ids: listings and organisations keep the UUIDs the API has always derived from their slugs, indexed;
indexes for the API's list order and the sitemap's files

Revision ID: e8f1a3c5b7d9
Revises: e1c4a7f0b9d2
Create Date: 2026-11-30 12:20:00

"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "e8f1a3c5b7d9"
down_revision = "e1c4a7f0b9d2"
branch_labels = None
depends_on = None

# A copy of directory.public_ids as it was when this migration was written: the ids are a public contract, so these
# are exactly the ids the API gave before they were stored.
NAMESPACE = uuid.UUID("6f1c9a52-3d2e-5b8a-9c47-2b0e8d9f4a61")
BATCH = 1000


def _id(*parts):
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def _listing_ids(slug):
    return {
        "uuid": _id("service", slug),
        "address_entry_uuid": _id("service_at_location", slug, "physical"),
        "online_entry_uuid": _id("service_at_location", slug, "virtual"),
    }


def _organisation_ids(slug):
    return {"uuid": _id("organization", slug)}


def _fill(table_name, columns, derive):
    connection = op.get_bind()
    table = sa.table(
        table_name,
        sa.column("id", sa.Integer),
        sa.column("slug", sa.String),
        *(sa.column(name, sa.String) for name in columns),
    )
    update = (
        table.update()
        .where(table.c.id == sa.bindparam("row_id"))
        .values({name: sa.bindparam(f"new_{name}") for name in columns})
    )
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(table.c.id, table.c.slug).where(table.c.id > last_id).order_by(table.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        connection.execute(
            update, [{"row_id": row_id, **{f"new_{k}": v for k, v in derive(slug).items()}} for row_id, slug in rows]
        )
        last_id = rows[-1][0]


def upgrade():
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uuid", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("address_entry_uuid", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("online_entry_uuid", sa.String(length=36), nullable=True))
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uuid", sa.String(length=36), nullable=True))
    _fill("listings", ("uuid", "address_entry_uuid", "online_entry_uuid"), _listing_ids)
    _fill("organisations", ("uuid",), _organisation_ids)
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f("uq_listings_uuid"), ["uuid"])
        batch_op.create_unique_constraint(batch_op.f("uq_listings_address_entry_uuid"), ["address_entry_uuid"])
        batch_op.create_unique_constraint(batch_op.f("uq_listings_online_entry_uuid"), ["online_entry_uuid"])
        batch_op.create_index("ix_listings_status_title_id", ["status", "title", "id"], unique=False)
        batch_op.create_index("ix_listings_status_slug", ["status", "slug"], unique=False)
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f("uq_organisations_uuid"), ["uuid"])
        batch_op.create_index("ix_organisations_name_id", ["name", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index("ix_organisations_name_id")
        batch_op.drop_constraint(batch_op.f("uq_organisations_uuid"), type_="unique")
        batch_op.drop_column("uuid")
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.drop_index("ix_listings_status_slug")
        batch_op.drop_index("ix_listings_status_title_id")
        batch_op.drop_constraint(batch_op.f("uq_listings_online_entry_uuid"), type_="unique")
        batch_op.drop_constraint(batch_op.f("uq_listings_address_entry_uuid"), type_="unique")
        batch_op.drop_constraint(batch_op.f("uq_listings_uuid"), type_="unique")
        batch_op.drop_column("online_entry_uuid")
        batch_op.drop_column("address_entry_uuid")
        batch_op.drop_column("uuid")
