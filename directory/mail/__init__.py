"""Outgoing email: every message is written to the outbox table, then sent by SMTP when MAIL_SERVER is set."""
