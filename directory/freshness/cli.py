"""`flask listings remind`: queue reminder emails for listings not verified for 12 months."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from directory.freshness.services import REMIND_EVERY, queue_reminders

listings_cli = AppGroup("listings", help="Listings housekeeping.")


@listings_cli.command("remind")
def remind_command() -> None:
    """Queue one email per organisation whose published listings need verifying (at most once a month each)."""
    run = queue_reminders()
    click.echo(f"Queued {run.emails} reminder email(s) for {len(run.reminded)} organisation(s).")
    if run.recently_reminded:
        click.echo(
            f"Skipped {len(run.recently_reminded)} organisation(s) reminded in the last {REMIND_EVERY.days} days."
        )
    if run.nobody_to_email:
        click.echo(
            f"No one to email at {len(run.nobody_to_email)} organisation(s) (no users, no contact email): "
            + ", ".join(run.nobody_to_email)
        )
    click.echo("Send them with: flask --app wsgi mail send-pending")
