"""`flask export csv FILE`: every published listing as the same CSV the search download gives, for bulk reuse."""
from __future__ import annotations

import csv
from collections.abc import Iterator

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from directory.api.exports import COLUMNS, listing_row, safe_cell
from directory.extensions import db
from directory.listings.models import Listing
from directory.progress import Progress, command_progress, no_progress

BATCH = 500

export_cli = AppGroup("export", help="Bulk copies of the open data.")


def published_batches() -> Iterator[list[Listing]]:
    """Published listings in id order, a batch at a time, so memory stays flat at any size."""
    last_id = 0
    while True:
        batch = list(db.session.scalars(
            sa.select(Listing).where(Listing.status == "published", Listing.id > last_id)
            .order_by(Listing.id).limit(BATCH)
        ))
        if not batch:
            return
        yield batch
        last_id = batch[-1].id
        db.session.expunge_all()


def write_csv(out, site: str, progress: Progress | None = None) -> int:
    """Write every published listing to `out` (a text file); returns how many."""
    progress = progress or no_progress
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Listing).where(Listing.status == "published"))
    writer = csv.writer(out)
    out.write("\ufeff")  # a byte-order mark, so Excel reads the file as UTF-8
    writer.writerow(COLUMNS)
    written = 0
    progress("Exporting listings", 0, total)
    for batch in published_batches():
        for listing in batch:
            row = listing_row(listing, site)
            writer.writerow([safe_cell(row[column]) for column in COLUMNS])
        written += len(batch)
        progress("Exporting listings", written, max(total, written))
    return written


@export_cli.command("csv")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def export_csv_command(path: str) -> None:
    """Write every published listing to PATH as CSV (UTF-8 with a byte-order mark)."""
    with open(path, "w", encoding="utf-8", newline="") as out, command_progress() as progress:
        count = write_csv(out, current_app.config["SITE_URL"], progress)
    click.echo(f"Exported {count} published listings to {path}.")
