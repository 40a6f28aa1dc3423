"""Flask commands: `flask --app wsgi seed` and friends. Feature packages add their own groups in register()."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from directory.listings.seed import SeedError, load, read_seed_dir
from directory.progress import command_progress


@click.command("seed")
@with_appcontext
@click.option("--path", "seed_dir", default=None, help="Folder of seed YAML (default: SEED_DATA_DIR).")
def seed_command(seed_dir: str | None) -> None:
    """Load seed_data/ into the database (safe to run again: records are matched by slug)."""
    seed_dir = seed_dir or current_app.config["SEED_DATA_DIR"]
    try:
        records = read_seed_dir(seed_dir)
    except SeedError as error:
        raise click.ClickException(f"Seed data rejected, nothing was loaded: {error}") from error
    with command_progress() as progress:
        summary = load(records, progress=progress)
    click.echo(
        f"Seed data: {len(records.organisations)} organisations and {len(records.listings)} listings read; "
        f"{summary['created']} created, {summary['updated']} updated, {summary['unchanged']} unchanged."
    )


def register(app: Flask) -> None:
    from directory.accounts.cli import users_cli
    from directory.alerts.cli import alerts_cli
    from directory.api.cli import export_cli
    from directory.freshness.cli import listings_cli
    from directory.listings.indexing import index_cli
    from directory.mail.cli import mail_cli

    for command in (seed_command, index_cli, users_cli, mail_cli, listings_cli, export_cli, alerts_cli):
        app.cli.add_command(command)
