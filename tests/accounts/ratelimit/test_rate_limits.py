"""Sign-in, password reset and the public forms answer 429 (with the error page) when used too fast."""

import os
import uuid

import pytest

from directory import create_app
from directory.extensions import db as _db
from tests.conftest import make_test_config

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def post_until_refused(client, url, data, limit):
    for n in range(limit):
        response = client.post(url, data=data)
        assert response.status_code != 429, f"refused early, on request {n + 1}"
    return client.post(url, data=data)


def test_sign_in_is_limited_per_address(client, pages):
    response = post_until_refused(client, "/account/sign-in", {"email": "a@example.org", "password": "x"}, 10)
    assert response.status_code == 429
    page = pages.post("/account/sign-in", data={"email": "a@example.org", "password": "x"}, status=429)
    assert page.h1 == "Too many requests" and "Wait a minute" in page
    assert client.get("/account/sign-in").status_code == 200  # reading the page is not limited


def test_someone_elsewhere_is_not_held_up(client):
    post_until_refused(client, "/account/sign-in", {"email": "a@example.org", "password": "x"}, 10)
    response = client.post(
        "/account/sign-in", data={"email": "a@example.org", "password": "x"}, environ_base={"REMOTE_ADDR": "192.0.2.7"}
    )
    assert response.status_code == 200


def test_password_reset_requests_are_limited(client):
    response = post_until_refused(client, "/account/forgotten-password", {"email": "a@example.org"}, 5)
    assert response.status_code == 429


def test_public_forms_are_limited(client, make):
    listing = make.listing(seeks_partners=True)
    for url in (f"/listings/{listing.slug}/report", f"/listings/{listing.slug}/enquire", "/suggest"):
        assert post_until_refused(client, url, {}, 5).status_code == 429


def _redis_problem() -> str | None:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
        return None
    except Exception as error:  # any failure to answer means "no server": say which
        return f"Redis at {REDIS_URL} did not answer: {type(error).__name__}: {error}"


def test_two_app_instances_share_the_count_in_redis(tmp_path):
    problem = _redis_problem()
    if problem:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"REQUIRE_REDIS=1 but {problem}")
        pytest.skip(problem)
    prefix = f"test-{uuid.uuid4().hex}"
    config = make_test_config(
        tmp_path,
        f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_KEY_PREFIX=prefix,
    )
    first = create_app(config)
    with first.app_context():
        _db.create_all()
    data = {"email": "a@example.org"}
    try:
        for _ in range(5):
            assert first.test_client().post("/account/forgotten-password", data=data).status_code == 200
        # A second instance (another gunicorn worker, another node) starts with a fresh limiter storage:
        # only a shared store can know about the first instance's five requests.
        second = create_app(config)
        assert second.test_client().post("/account/forgotten-password", data=data).status_code == 429
        assert first.test_client().post("/account/forgotten-password", data=data).status_code == 429
    finally:
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"*{prefix}*"):
            client.delete(key)
        with first.app_context():
            _db.drop_all()
            _db.engine.dispose()


def test_the_same_check_with_memory_storage_does_not_share(tmp_path):
    """The control for the Redis test: without a shared store, a new instance does not see the old count."""
    config = make_test_config(
        tmp_path,
        f"sqlite:///{tmp_path / 'own.sqlite3'}",
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_KEY_PREFIX=uuid.uuid4().hex,
    )
    first = create_app(config)
    with first.app_context():
        _db.create_all()
    for _ in range(5):
        first.test_client().post("/account/forgotten-password", data={"email": "a@example.org"})
    second = create_app(config)
    assert second.test_client().post("/account/forgotten-password", data={"email": "a@example.org"}).status_code == 200
    with first.app_context():
        _db.drop_all()
        _db.engine.dispose()


def test_one_account_is_limited_across_addresses(client):
    data = {"email": "Target@example.org", "password": "guess"}
    for n in range(20):
        address = f"198.51.100.{n + 1}"
        assert client.post("/account/sign-in", data=data, environ_base={"REMOTE_ADDR": address}).status_code == 200
    response = client.post(
        "/account/sign-in", data={**data, "email": " target@EXAMPLE.org"}, environ_base={"REMOTE_ADDR": "203.0.113.9"}
    )
    assert response.status_code == 429
    other = client.post(
        "/account/sign-in",
        data={"email": "someone@example.org", "password": "x"},
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )
    assert other.status_code == 200
