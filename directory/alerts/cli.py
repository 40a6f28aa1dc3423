"""`flask alerts send`: email every alert whose day or week has come round (run daily from cron)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from directory.alerts.services import send_due
from directory.progress import command_progress

alerts_cli = AppGroup("alerts", help="Email alerts for saved searches.")


@alerts_cli.command("send")
def send_command() -> None:
    """Send the daily and weekly digests that are due. Safe to run again: no listing goes to an alert twice."""
    with command_progress() as progress:
        summary = send_due(progress=progress)
    click.echo("Alerts: " + ", ".join(f"{count} {what}" for what, count in summary.items()) + ".")
