"""One access line per request with a request id; errors carry the same id; JSON lines when asked for."""

from __future__ import annotations

import json
import logging

import pytest
from flask import g

from directory.ops.logs import JsonFormatter


def access_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "directory.access"]


def test_each_request_gets_one_access_line_with_status_duration_and_a_fresh_id(client, caplog):
    caplog.set_level(logging.INFO)
    response = client.get("/search?q=jo@example.org&region=london&place=SW1A+1AA")
    (line,) = access_records(caplog)
    assert (line.method, line.status) == ("GET", 200) and line.duration_ms >= 0
    assert line.path == "/search?q=*&region=london&place=*"  # what people typed is not logged, codes are
    assert "example.org" not in line.getMessage()
    assert line.request_id == response.headers["X-Request-Id"] and len(line.request_id) == 32
    assert line.user_id is None


def test_a_proxys_request_id_is_kept_and_a_malformed_one_replaced(client, caplog):
    caplog.set_level(logging.INFO)
    assert client.get("/", headers={"X-Request-Id": "nginx-7f3a9c01"}).headers["X-Request-Id"] == "nginx-7f3a9c01"
    forged = client.get("/", headers={"X-Request-Id": "<script>alert(1)</script> forged line"}).headers["X-Request-Id"]
    assert "forged" not in forged and len(forged) == 32
    assert [r.request_id for r in access_records(caplog)] == ["nginx-7f3a9c01", forged]


def test_a_password_reset_token_in_the_path_is_not_logged(client, caplog):
    caplog.set_level(logging.INFO)
    client.get("/account/reset-password/secret-token-value")
    (line,) = access_records(caplog)
    assert line.path == "/account/reset-password/*"


def test_staff_are_identified_and_providers_are_not(app, make, caplog):
    caplog.set_level(logging.INFO)
    moderator = make.user(role="moderator")
    provider = make.user()
    for user in (moderator, provider):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = str(user.id)
        client.get("/")
        g.pop("_login_user", None)  # the test app context outlives each request; Flask-Login caches the user in g
    assert [r.user_id for r in access_records(caplog)] == [moderator.id, None]


def test_an_error_is_logged_with_its_traceback_and_the_id_on_the_page(app, client, caplog):
    @app.get("/explode")
    def explode():
        raise RuntimeError("the disk is on fire")

    response = client.get("/explode", headers={"X-Request-Id": "support-call-1234"})
    assert response.status_code == 500
    assert "support-call-1234" in response.get_data(as_text=True)
    (error,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert error.request_id == "support-call-1234" and error.exc_info[0] is RuntimeError
    line = json.loads(JsonFormatter().format(error))
    assert line["request_id"] == "support-call-1234" and "the disk is on fire" in line["traceback"]
    assert [r.status for r in access_records(caplog)] == [500]


def test_not_found_pages_show_the_reference_too(pages):
    page = pages.get("/no-such-page", status=404)
    assert "quote the reference" in page.text


def test_json_lines_hold_the_access_fields(client, caplog):
    caplog.set_level(logging.INFO)
    client.get("/search?type=apprenticeship")
    line = json.loads(JsonFormatter().format(access_records(caplog)[0]))
    assert {key: line[key] for key in ("level", "logger", "method", "path", "status")} == {
        "level": "INFO",
        "logger": "directory.access",
        "method": "GET",
        "path": "/search?type=apprenticeship",
        "status": 200,
    }
    assert line["request_id"] and isinstance(line["duration_ms"], float)


def test_the_json_format_is_chosen_by_setting(tmp_path, monkeypatch):
    from directory import create_app
    from directory.config import ConfigError
    from tests.conftest import make_test_config

    create_app(make_test_config(tmp_path, "sqlite://", LOG_FORMAT="json"))
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_directory_handler", False)]
    assert len(ours) == 1 and isinstance(ours[0].formatter, JsonFormatter)
    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(ConfigError):
        create_app(make_test_config(tmp_path, "sqlite://"))
