"""The headers every response carries: a strict Content-Security-Policy (a fresh nonce per response for the two
inline scripts GOV.UK Frontend's layout needs; no inline style anywhere), HSTS in production, a Permissions-Policy,
and `Cache-Control: no-store` on everything a signed-in person is shown."""

from __future__ import annotations

import secrets

from flask import Flask, has_request_context, request
from flask_login import current_user

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(self), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
HSTS = "max-age=31536000; includeSubDomains"


def csp_nonce() -> str:
    """This response's nonce: templates put it on inline <script> tags (GOV.UK's template reads `cspNonce`)."""
    if not has_request_context():  # an email or a command renders no page
        return ""
    environ = request.environ
    if "directory.csp_nonce" not in environ:
        environ["directory.csp_nonce"] = secrets.token_urlsafe(18)
    return environ["directory.csp_nonce"]


def content_security_policy(nonce: str, production: bool) -> str:
    directives = [
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    if production:
        directives.append("upgrade-insecure-requests")
    return "; ".join(directives)


def set_headers(response, production: bool):
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Content-Security-Policy", content_security_policy(csp_nonce(), production))
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    if production:
        headers.setdefault("Strict-Transport-Security", HSTS)
    if current_user and current_user.is_authenticated:  # a shared or back-button cache must not keep these
        headers["Cache-Control"] = "no-store"
        headers.pop("Expires", None)
    return response


def init_app(app: Flask) -> None:
    production = bool(app.config.get("PRODUCTION"))
    app.after_request(lambda response: set_headers(response, production))
