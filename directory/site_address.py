"""The site's own public address, for links that leave the page: API examples, feeds, the sitemap and emails.

`SITE_URL` when it is set. Otherwise the address the request came to, so a site served on another port or host
links to itself. Emails go to other people, so in production they never take the address from a request's Host
header (which the sender controls): set SITE_URL there.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, has_request_context, request

LOCAL_SITE_URL = "http://127.0.0.1:5000"  # `flask run`'s address, for commands run with no SITE_URL set


def public_url(*, trust_host: bool = True) -> str:
    configured = current_app.config.get("SITE_URL")
    if configured:
        return configured.rstrip("/")
    if has_request_context() and (trust_host or not current_app.config.get("PRODUCTION")):
        return request.host_url.rstrip("/")
    return LOCAL_SITE_URL


def local_path(target: str | None, max_length: int = 2000) -> str | None:
    """`target` when it is a plain path on this site to send someone back to ("/search?q=lab"), else None.

    Checked as given, nothing stripped first: browsers and Werkzeug drop tabs and newlines and read backslashes as
    slashes, so "/\t/evil.example" or "/\\evil.example" would leave the site. Refused: control characters,
    backslashes, anything with a scheme or a host, and anything not starting with exactly one "/".
    """
    if not isinstance(target, str) or not target or len(target) > max_length:
        return None
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
