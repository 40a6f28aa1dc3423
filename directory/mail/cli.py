"""`flask mail send-pending`: deliver what is waiting in the outbox."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from directory.mail.services import pending_emails, send_pending
from directory.progress import command_progress

mail_cli = AppGroup("mail", help="The email outbox.")


@mail_cli.command("send-pending")
@click.option("--limit", default=500, show_default=True, help="Most emails to try in one run.")
def send_pending_command(limit: int) -> None:
    """Send every email still waiting in the outbox (needs MAIL_SERVER)."""
    if not current_app.config.get("MAIL_SERVER"):
        waiting = len(pending_emails(limit))
        raise click.ClickException(f"MAIL_SERVER is not set, so nothing was sent; {waiting} email(s) waiting.")
    with command_progress() as progress:
        sent, failed = send_pending(limit, progress=progress)
    click.echo(f"Sent {sent} email(s); {failed} failed (see the outbox's error column).")
    if failed:
        raise SystemExit(1)
