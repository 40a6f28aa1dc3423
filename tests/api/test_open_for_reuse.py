"""Open for reuse: no key, CORS on the API and nowhere else, shared caching, conditional GETs, rate limiting."""

from __future__ import annotations

import pytest

from tests.conftest import make_test_config


def test_the_api_needs_no_key_and_allows_any_origin(client, make):
    make.listing()
    for url in (
        "/api/v1/",
        "/api/v1/services",
        "/api/v1/openapi.json",
        "/api/v1/services?per_page=0",
        "/api/v1/services/00000000-0000-0000-0000-000000000000",
    ):
        response = client.get(url, headers={"Origin": "https://council.example"})
        assert response.headers["Access-Control-Allow-Origin"] == "*", url


def test_pages_outside_the_api_do_not_allow_other_origins(client):
    for url in ("/", "/developers", "/sitemap.xml"):
        response = client.get(url, headers={"Origin": "https://council.example"})
        assert "Access-Control-Allow-Origin" not in response.headers, url


def test_responses_can_be_cached_and_revalidated(client, make):
    make.listing()
    response = client.get("/api/v1/services")
    assert response.headers["Cache-Control"] == "public, max-age=300"
    etag = response.headers["ETag"]
    again = client.get("/api/v1/services", headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data
    make.listing(title="Something new")
    changed = client.get("/api/v1/services", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_a_service_says_when_it_last_changed(client, make):
    from datetime import datetime

    from directory import public_ids as ids

    listing = make.listing(updated_at=datetime(2026, 3, 4, 5, 6, 7))
    response = client.get(f"/api/v1/services/{ids.service_id(listing.slug)}")
    assert response.headers["Last-Modified"] == "Wed, 04 Mar 2026 05:06:07 GMT"
    again = client.get(
        f"/api/v1/services/{ids.service_id(listing.slug)}",
        headers={"If-Modified-Since": "Wed, 04 Mar 2026 05:06:07 GMT"},
    )
    assert again.status_code == 304


def test_errors_are_not_cached(client):
    assert client.get("/api/v1/services?page=0").headers["Cache-Control"] == "no-store"


class TestRateLimit:
    @pytest.fixture
    def app_config(self, tmp_path):
        return make_test_config(
            tmp_path, f"sqlite:///{tmp_path / 'test.sqlite3'}", RATELIMIT_ENABLED=True, API_RATE_LIMIT="3 per minute"
        )

    def test_each_client_gets_a_429_with_a_json_body_past_the_limit(self, client):
        for _ in range(3):
            assert client.get("/api/v1/taxonomies").status_code == 200
        response = client.get("/api/v1/taxonomies")
        assert response.status_code == 429
        assert response.get_json()["code"] == 429 and "3 per 1 minute" in response.get_json()["message"]
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "Retry-After" in response.headers
        other = client.get("/api/v1/taxonomies", environ_base={"REMOTE_ADDR": "192.0.2.7"})
        assert other.status_code == 200, "another client has its own allowance"

    def test_the_limit_does_not_touch_the_website(self, client):
        for _ in range(5):
            assert client.get("/developers").status_code == 200
