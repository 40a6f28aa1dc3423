"""Dependencies fail safe: a missing or corrupt search index is answered at once with 503 + Retry-After, logged,
and rebuilt in the background; reconcile rebuilds an unreadable index; /healthz and /readyz tell a load balancer."""

from __future__ import annotations

import logging
import shutil
import time

import pytest

from directory.listings import indexing
from tests.conftest import make_test_config


def _corrupt(directory) -> None:
    """One changed byte in each segment file, as a failing disk would leave it: before segment checksums, whether
    a search noticed depended on which structure the byte fell in."""
    for segment in directory.glob("*.seg"):
        data = bytearray(segment.read_bytes())
        data[len(data) // 3] ^= 0x20
        segment.write_bytes(bytes(data))


@pytest.fixture
def app_config(tmp_path):  # the fault checks the rest of the suite switches off (see tests/conftest.py)
    return make_test_config(tmp_path, f"sqlite:///{tmp_path / 'test.sqlite3'}", SEARCH_INDEX_FAULT_CHECKS=True)


@pytest.fixture
def indexed(app, make):
    """Twelve published listings, indexed; returns the index."""
    for n in range(12):
        make.listing(title=f"Laboratory skills course {n}")
    indexing.rebuild()
    return indexing.current_index(app)


def _until_answered(client, url, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        response = client.get(url)
        if response.status_code != 503:
            return response
        time.sleep(0.2)
    raise AssertionError(f"{url} still answered 503 after {seconds}s")


def test_a_deleted_index_is_answered_honestly_then_rebuilt(client, indexed, caplog):
    client.get("/search?q=laboratory")  # a warm worker: templates compiled, as in production
    shutil.rmtree(indexed.current_dir())
    indexed.invalidate()
    with caplog.at_level(logging.ERROR):
        started = time.monotonic()
        page = client.get("/search?q=laboratory")
        answered = time.monotonic() - started
        assert answered < 1.0
    assert page.status_code == 503 and page.headers["Retry-After"] == "30"
    assert "Search is being rebuilt" in page.get_data(as_text=True)
    api = client.get("/api/v1/services?search=laboratory")
    assert api.status_code == 503 and api.headers["Retry-After"] == "30" and api.get_json()["code"] == 503
    assert any("Search index fault: missing" in record.getMessage() for record in caplog.records)
    assert client.get("/about").status_code == 200, "pages that need no index carry on"
    recovered = _until_answered(client, "/search?q=laboratory")
    assert recovered.status_code == 200 and "Laboratory skills course 7" in recovered.get_data(as_text=True)
    print(
        f"deleted index: first answer 503 in {answered * 1000:.0f} ms; "
        f"search answered again after {time.monotonic() - started:.2f}s"
    )


def test_a_corrupt_segment_is_answered_with_503_not_500_then_rebuilt(client, indexed):
    client.get("/search?q=laboratory")
    _corrupt(indexed.current_dir())
    indexed.invalidate()
    started = time.monotonic()
    answers = [client.get("/search?q=laboratory").status_code]
    answered = time.monotonic() - started
    answers += [client.get(url).status_code for url in ("/search.atom", "/search?q=laboratory")]
    assert answers[0] == 503 and set(answers) <= {503, 200}, answers  # 200 once the rebuild is done (a loaded box)
    recovered = _until_answered(client, "/search.atom")
    assert recovered.status_code == 200 and b"Laboratory skills course" in recovered.data
    print(
        f"corrupt segment: first answer {answers[0]} in {answered * 1000:.0f} ms; "
        f"search answered again after {time.monotonic() - started:.2f}s"
    )


def test_reconcile_rebuilds_an_unreadable_index(runner, indexed, app):
    _corrupt(indexed.current_dir())
    indexed.invalidate()
    result = runner.invoke(args=["index", "reconcile"])
    assert result.exit_code == 0, result.output
    assert "unreadable, so it was rebuilt" in result.output
    assert len(indexed.versions()) == 12


def test_healthz_answers_without_asking_anything(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.data == b"ok\n"
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_reports_each_dependency(client, indexed):
    body = client.get("/readyz").get_json()
    assert body["status"] == "ready"
    assert body["checks"]["database"] == {"status": "ok"}
    assert body["checks"]["search_index"] == {"status": "ok", "documents": 12, "expected": 12}
    shutil.rmtree(indexed.current_dir())
    response = client.get("/readyz")
    assert response.status_code == 503 and response.get_json()["checks"]["search_index"]["status"] == "rebuilding"


class TestRedisDown:
    @pytest.fixture
    def app_config(self, tmp_path):
        return make_test_config(
            tmp_path, f"sqlite:///{tmp_path / 'test.sqlite3'}", RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0"
        )

    def test_readyz_stays_ready_with_rate_limits_degraded(self, client):
        response = client.get("/readyz")
        assert response.status_code == 200
        assert response.get_json()["checks"]["redis"]["status"] == "degraded"
