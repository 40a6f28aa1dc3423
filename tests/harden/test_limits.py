"""Rate limits: one API budget per client across /api/v1/ and the search downloads; a Redis outage degrades them
to in-memory counting (logged) instead of answering 500."""

import logging
import uuid

import pytest

from tests.conftest import make_test_config


def _config(tmp_path, **overrides):
    return make_test_config(
        tmp_path,
        f"sqlite:///{tmp_path / 'test.sqlite3'}",
        RATELIMIT_ENABLED=True,
        RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}",
        **overrides,
    )


class TestOneBudget:
    @pytest.fixture
    def app_config(self, tmp_path):
        return _config(tmp_path, API_RATE_LIMIT="4 per minute")

    def test_the_api_and_the_downloads_draw_on_one_allowance(self, client):
        for url in ("/api/v1/services", "/search.csv", "/search.json", "/search.atom"):
            assert client.get(url).status_code == 200, url
        for url in ("/api/v1/taxonomies", "/search.csv"):
            assert client.get(url).status_code == 429, url
        assert client.get("/search.csv", environ_base={"REMOTE_ADDR": "192.0.2.9"}).status_code == 200


class TestRedisOutage:
    @pytest.fixture
    def app_config(self, tmp_path):  # nothing listens on port 1: every Redis call is refused
        return _config(tmp_path, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0", API_RATE_LIMIT="5 per minute")

    def test_requests_are_answered_and_still_limited_in_memory(self, client, caplog):
        with caplog.at_level(logging.WARNING):
            answers = [
                client.post("/account/sign-in", data={"email": "a@example.org", "password": "x"}).status_code
                for _ in range(11)
            ]
        assert answers == [200] * 10 + [429]
        assert any("falling back to in-memory" in record.getMessage() for record in caplog.records)
        assert [client.get("/api/v1/services").status_code for _ in range(6)] == [200] * 5 + [429]
