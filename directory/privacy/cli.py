"""`flask privacy purge`: apply the retention rules (run daily from cron)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from directory.privacy.retention import purge

privacy_cli = AppGroup("privacy", help="Personal data: retention.")


@privacy_cli.command("purge")
def purge_command() -> None:
    """Delete or empty what the retention rules say is no longer kept (docs/operations.md)."""
    summary = purge()
    click.echo("Privacy purge: " + "; ".join(f"{count} {what}" for what, count in summary.items()) + ".")
