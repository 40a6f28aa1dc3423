"""Every page type carries the security headers: a strict CSP whose nonce is on every inline script (and no inline
style anywhere), Permissions-Policy, HSTS in production only, and no-store on whatever a signed-in person sees."""

from __future__ import annotations

import re

import pytest
from flask import g

from directory.listings import indexing
from tests.conftest import make_test_config

PUBLIC = [
    "/",
    "/search?q=laboratory",
    "/providers",
    "/regions",
    "/regions/london",
    "/about",
    "/developers",
    "/account/sign-in",
    "/account/sign-up",
    "/suggest",
    "/no-such-page",
    "/api/v1/services",
    "/search.atom",
    "/sitemap.xml",
    "/healthz",
    "/readyz",
]
PROVIDER = [
    "/dashboard",
    "/dashboard/organisation",
    "/dashboard/listings/new",
    "/dashboard/upload",
    "/account/",
    "/account/password",
    "/messages",
]
MODERATOR = ["/moderation", "/messages"]


@pytest.fixture
def site(make):
    listing = make.listing(title="Laboratory technician")
    indexing.rebuild()
    return listing


def _as(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
    g.pop("_login_user", None)


def check_policy(response) -> None:
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy and "style-src 'self'" in policy
    assert response.headers["Permissions-Policy"].startswith("accelerometer=()")
    if response.mimetype != "text/html":
        return
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    html = response.get_data(as_text=True)
    for tag in re.findall(r"<script\b[^>]*>", html):
        if "src=" not in tag and "application/ld+json" not in tag:
            assert f'nonce="{nonce}"' in tag, tag
    assert "<style" not in html and not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html), "no inline event handlers"


def test_public_pages(client, site):
    pages = [*PUBLIC, f"/listings/{site.slug}", f"/providers/{site.organisation.slug}"]
    nonces = set()
    for url in pages:
        response = client.get(url)
        assert response.status_code < 500, url
        check_policy(response)
        assert "Strict-Transport-Security" not in response.headers, "HSTS only in production"
        assert response.headers.get("Cache-Control") != "no-store" or url in ("/healthz", "/readyz"), url
        nonces.add(response.headers["Content-Security-Policy"])
    assert len(nonces) == len(pages), "a fresh nonce per response"


def test_signed_in_pages_are_never_stored(client, make, site):
    provider = make.user(role="provider")
    _as(client, provider)
    for url in [*PROVIDER, f"/listings/{site.slug}", "/"]:
        response = client.get(url)
        assert response.status_code < 500, url
        check_policy(response)
        assert response.headers["Cache-Control"] == "no-store", url
    _as(client, make.user(role="moderator", organisation=None))
    for url in MODERATOR:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url


class TestProduction:
    @pytest.fixture
    def app_config(self, tmp_path):
        return make_test_config(tmp_path, f"sqlite:///{tmp_path / 'test.sqlite3'}", PRODUCTION=True)

    def test_hsts_and_upgrade_in_production(self, client):
        response = client.get("/about")
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        assert "upgrade-insecure-requests" in response.headers["Content-Security-Policy"]
