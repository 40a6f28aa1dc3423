"""Write emails to the outbox and deliver them: by SMTP when MAIL_SERVER is set, otherwise to the log only."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app, has_request_context, render_template, url_for

from directory import clock
from directory.extensions import db
from directory.mail.models import OutboxEmail
from directory.progress import Progress, no_progress
from directory.site_address import public_url


def site_url_for(endpoint: str, **values) -> str:
    """An absolute link on the public site (SITE_URL), for emails; works in commands as well as requests."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        with current_app.test_request_context():
            path = url_for(endpoint, **values)
    return public_url(trust_host=False) + path


def render_email(template: str, **context) -> tuple[str, str]:
    """Render templates/emails/<template>.txt: its first line is the subject, the rest the body."""
    text = render_template(f"emails/{template}.txt", site_url=public_url(trust_host=False), **context)
    subject, _, body = text.strip().partition("\n")
    return " ".join(subject.split()), body.strip() + "\n"


# The extra headers an email may carry (anything else is refused, so a caller cannot set From, To or Bcc this way).
EXTRA_HEADERS = ("List-Unsubscribe", "List-Unsubscribe-Post", "Auto-Submitted")


def queue_email(to: str, subject: str, body: str, headers: dict[str, str] | None = None) -> OutboxEmail:
    """Add an email to the outbox in the current transaction; `mail send-pending` or deliver() sends it later."""
    unknown = set(headers or {}) - set(EXTRA_HEADERS)
    if unknown:
        raise ValueError(f"headers not allowed on an outbox email: {sorted(unknown)}")
    email = OutboxEmail(
        to=to, subject=" ".join(subject.split())[:300], body=body, headers=dict(headers) if headers else None
    )
    db.session.add(email)
    return email


def send_email(to: str, subject: str, body: str, headers: dict[str, str] | None = None) -> OutboxEmail:
    """Write an email to the outbox (committing), then deliver it at once if an SMTP server is configured."""
    email = queue_email(to, subject, body, headers)
    db.session.commit()
    deliver(email)
    return email


def emails_to(address: str, subject: str, since) -> int:
    """How many emails with this subject the outbox holds to `address` (any letter case) written since `since`."""
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(OutboxEmail)
        .where(
            sa.func.lower(OutboxEmail.to) == address.strip().lower(),
            OutboxEmail.subject == subject,
            OutboxEmail.created_at >= since,
        )
    )


def deliver(email: OutboxEmail) -> bool:
    """Send one outbox email. Without MAIL_SERVER it is logged and stays pending; failures are recorded."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        current_app.logger.info(
            "Email (not sent, MAIL_SERVER unset) to %s: %s\n%s", email.to, email.subject, email.body
        )
        return False
    try:
        _smtp_send(config, email)
    except (smtplib.SMTPException, OSError, ValueError) as error:
        email.error = f"{type(error).__name__}: {error}"[:2000]
        db.session.commit()
        current_app.logger.warning("Email %s to %s failed: %s", email.id, email.to, email.error)
        return False
    email.sent_at = clock.now()
    email.error = None
    db.session.commit()
    return True


def deliver_all(emails) -> None:
    """Deliver emails queued (and committed) earlier in this request."""
    for email in emails:
        deliver(email)


def _smtp_send(config, email: OutboxEmail) -> None:
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = email.to
    message["Subject"] = email.subject
    for name, value in (email.headers or {}).items():
        message[name] = value
    message.set_content(email.body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)


def pending_emails(limit: int = 500) -> list[OutboxEmail]:
    return list(
        db.session.scalars(
            sa.select(OutboxEmail).where(OutboxEmail.sent_at.is_(None)).order_by(OutboxEmail.id).limit(limit)
        )
    )


def send_pending(limit: int = 500, progress: Progress | None = None) -> tuple[int, int]:
    """Try every unsent email (oldest first); returns (sent, failed). `progress` as in directory/progress.py."""
    progress = progress or no_progress
    sent = failed = 0
    emails = pending_emails(limit)
    progress("Sending emails", 0, len(emails))
    for email in emails:
        if deliver(email):
            sent += 1
        else:
            failed += 1
        progress("Sending emails", sent + failed, len(emails))
    return sent, failed
