"""Emails go to the outbox; with MAIL_SERVER set they are sent by SMTP, and failures are kept for a retry."""

import smtplib

import pytest

from directory.mail.services import send_email


class FakeSMTP:
    sent: list = []
    fail = False

    def __init__(self, host, port, timeout=None):
        self.host, self.port = host, port

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, username, password):
        pass

    def send_message(self, message):
        if FakeSMTP.fail:
            raise smtplib.SMTPServerDisconnected("gone")
        FakeSMTP.sent.append(message)


@pytest.fixture
def smtp(monkeypatch):
    FakeSMTP.sent, FakeSMTP.fail = [], False
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    return FakeSMTP


def test_without_a_mail_server_emails_wait_in_the_outbox(app, outbox, smtp, caplog):
    caplog.set_level("INFO")
    send_email("a@example.org", "Hello", "Body text")
    (email,) = outbox()
    assert (email.to, email.subject, email.sent_at) == ("a@example.org", "Hello", None)
    assert smtp.sent == [] and "Body text" in caplog.text


def test_with_a_mail_server_emails_are_sent_and_marked(app, outbox, smtp):
    app.config["MAIL_SERVER"] = "smtp.example.org"
    send_email("a@example.org", "Hello\nInjected: header", "Body text")
    (email,) = outbox()
    assert email.sent_at is not None and email.error is None
    (message,) = smtp.sent
    assert message["Subject"] == "Hello Injected: header" and message["To"] == "a@example.org"


def test_failures_are_recorded_and_send_pending_retries(app, runner, outbox, smtp):
    app.config["MAIL_SERVER"] = "smtp.example.org"
    smtp.fail = True
    send_email("a@example.org", "Hello", "Body")
    assert outbox()[0].sent_at is None and "SMTPServerDisconnected" in outbox()[0].error
    result = runner.invoke(args=["mail", "send-pending"])
    assert result.exit_code == 1 and "1 failed" in result.output
    smtp.fail = False
    result = runner.invoke(args=["mail", "send-pending"])
    assert result.exit_code == 0 and "Sent 1 email(s)" in result.output
    assert outbox()[0].sent_at is not None and len(smtp.sent) == 1


def test_send_pending_without_a_server_says_so(app, runner):
    send_email("a@example.org", "Hello", "Body")
    result = runner.invoke(args=["mail", "send-pending"])
    assert result.exit_code != 0 and "MAIL_SERVER is not set" in result.output and "1 email(s) waiting" in result.output


def test_extra_headers_are_kept_in_the_outbox_and_sent_by_smtp(app, smtp, outbox):
    app.config["MAIL_SERVER"] = "smtp.example.org"
    email = send_email(
        "a@example.org",
        "Digest",
        "Body",
        headers={
            "List-Unsubscribe": "<https://example.org/u/1>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    assert outbox()[0].headers == email.headers
    [message] = smtp.sent
    assert message["List-Unsubscribe"] == "<https://example.org/u/1>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with pytest.raises(ValueError):
        send_email("a@example.org", "Sneaky", "Body", headers={"Bcc": "thief@example.org"})
