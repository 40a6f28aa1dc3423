"""`flask users create-moderator EMAIL` and `flask users create-admin EMAIL`: the first staff accounts."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from directory.accounts import passwords
from directory.accounts.services import create_staff, reset_link
from directory.forms import email_problem

users_cli = AppGroup("users", help="People who sign in.")

LINK_HOURS = 72


def _create(email: str, role: str, name: str | None, prompt_password: bool) -> None:
    if email_problem(email.strip()):
        raise click.BadParameter("enter an email address like name@example.org", param_hint="EMAIL")
    password = None
    if prompt_password:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        problem = passwords.password_problem(password, email)
        if problem:
            raise click.ClickException(problem)
    user, created = create_staff(email, role, name=name, password=password)
    click.echo(f"{'Created' if created else 'Updated'} {role} {user.email}.")
    if password:  # they sign in with what was typed: no link was made, so none is mentioned
        click.echo("They can sign in with the password you typed.")
        return
    click.echo("Their password is random and unknown to anyone.")
    click.echo(f"Send them this link to choose a password (valid for {LINK_HOURS} hours, once):")
    click.echo(reset_link(user, hours=LINK_HOURS))


@users_cli.command("create-moderator")
@click.argument("email")
@click.option("--name", default=None, help="Their full name (default: the part of the email before @).")
@click.option("--prompt-password", is_flag=True, help="Type a password instead of generating a random one.")
def create_moderator(email: str, name: str | None, prompt_password: bool) -> None:
    """Create a moderator (or make an existing account one); print a link to set the password unless one was typed."""
    _create(email, "moderator", name, prompt_password)


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--name", default=None, help="Their full name (default: the part of the email before @).")
@click.option("--prompt-password", is_flag=True, help="Type a password instead of generating a random one.")
def create_admin(email: str, name: str | None, prompt_password: bool) -> None:
    """Create an admin (or make an existing account one); print a link to set the password unless one was typed."""
    _create(email, "admin", name, prompt_password)


@users_cli.command("sign-out-everywhere")
@click.argument("email")
def sign_out_everywhere(email: str) -> None:
    """End every session of this account at once (a lost laptop, a copied cookie, someone leaving)."""
    from directory.accounts.services import user_by_email
    from directory.accounts.sessions import end_everywhere

    user = user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account has the email address {email}")
    end_everywhere(user)
    click.echo(f"Every session of {user.email} has ended; they must sign in again.")
