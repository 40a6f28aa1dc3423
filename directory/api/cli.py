"""`flask export csv FILE`: every published listing as the same CSV the search download gives, for bulk reuse;
`flask export all`: the nightly full open-data files (directory/api/open_data.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from directory import clock
from directory.api import open_data
from directory.api.exports import csv_chunks
from directory.extensions import db
from directory.listings.models import Listing
from directory.progress import Progress, command_progress, no_progress

export_cli = AppGroup("export", help="Bulk copies of the open data.")


def write_csv(out, site: str, progress: Progress | None = None) -> int:
    """Write every published listing to `out` (a text file); returns how many."""
    progress = progress or no_progress
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Listing).where(Listing.is_public))
    written = 0

    def counted(listings):
        nonlocal written
        for written, listing in enumerate(listings, start=1):  # noqa: B007 (the count is read after the loop)
            yield listing

    for chunk in csv_chunks(counted(open_data.published_listings(progress, total)), site):
        out.write(chunk)
    return written


@export_cli.command("csv")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def export_csv_command(path: str) -> None:
    """Write every published listing to PATH as CSV (UTF-8 with a byte-order mark)."""
    with open(path, "w", encoding="utf-8", newline="") as out, command_progress() as progress:
        count = write_csv(out, current_app.config["SITE_URL"], progress)
    click.echo(f"Exported {count} published listings to {path}.")


@export_cli.command("all")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False),
    default=None,
    help="Where to write the files (default: EXPORT_DIR, which the site serves at /open-data/).",
)
def export_all_command(directory: str | None) -> None:
    """Write today's full open-data files (CSV, JSON and Open Referral ndjson, gzipped) and remove older ones."""
    folder = Path(directory or current_app.config["EXPORT_DIR"])
    day: date = clock.now().date()
    with command_progress() as progress:
        written = open_data.write_all(folder, current_app.config["SITE_URL"], day, progress)
    for name, size in written.items():
        click.echo(f"Wrote {folder / name} ({size:,} bytes).")
