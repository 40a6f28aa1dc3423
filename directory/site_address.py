"""The site's own public address, for links that leave the page: API examples, feeds, the sitemap and emails.

`SITE_URL` when it is set. Otherwise the address the request came to, so a site served on another port or host
links to itself. Emails go to other people, so in production they never take the address from a request's Host
header (which the sender controls): set SITE_URL there.
"""
from __future__ import annotations

from flask import current_app, has_request_context, request

LOCAL_SITE_URL = "http://127.0.0.1:5000"  # `flask run`'s address, for commands run with no SITE_URL set


def public_url(*, trust_host: bool = True) -> str:
    configured = current_app.config.get("SITE_URL")
    if configured:
        return configured.rstrip("/")
    if has_request_context() and (trust_host or not current_app.config.get("PRODUCTION")):
        return request.host_url.rstrip("/")
    return LOCAL_SITE_URL
