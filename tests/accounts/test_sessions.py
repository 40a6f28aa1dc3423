"""Sessions end on the server's word: a copied cookie stops working after sign-out, a password change or an admin's
"sign out everywhere", and a staff session ends after STAFF_IDLE_MINUTES without activity."""

import time

import pytest
from flask import g

from directory.accounts import sessions


@pytest.fixture(autouse=True)
def forget_cached_user(app):
    """The tests' app context outlives each request, so forget the user Flask-Login cached on `g` before each one
    (several clients, as several browsers, take turns here)."""

    def forget(*_args, **_kwargs):
        g.pop("_login_user", None)

    app.before_request_funcs.setdefault(None, []).insert(0, forget)


def _copy_of(client, app):
    """A second browser holding a copy of this client's session cookie (as a thief would)."""
    thief = app.test_client()
    cookie = client.get_cookie("session")
    thief.set_cookie("session", cookie.value)
    return thief


def test_a_copied_cookie_stops_working_after_sign_out(app, client, make, sign_in):
    sign_in(make.user())
    thief = _copy_of(client, app)
    assert thief.get("/dashboard").status_code == 200
    client.post("/account/sign-out")
    response = thief.get("/dashboard")
    assert response.status_code == 302 and "/account/sign-in" in response.headers["Location"]


def test_sign_out_everywhere_ends_every_session_of_that_person(app, client, make, sign_in, runner):
    user = make.user()
    sign_in(user)
    other = make.user()
    other_client = app.test_client()
    other_client.post("/account/sign-in", data={"email": other.email, "password": "correct horse battery staple"})
    result = runner.invoke(args=["users", "sign-out-everywhere", user.email.upper()])
    assert result.exit_code == 0 and "must sign in again" in result.output
    assert client.get("/dashboard").status_code == 302
    assert other_client.get("/dashboard").status_code == 200, "nobody else is signed out"
    assert runner.invoke(args=["users", "sign-out-everywhere", "nobody@example.org"]).exit_code != 0


def test_a_copied_cookie_stops_working_after_a_password_change(app, client, make, sign_in):
    user = make.user()
    sign_in(user)
    thief = _copy_of(client, app)
    response = client.post(
        "/account/password",
        data={
            "current_password": "correct horse battery staple",
            "password": "plum tractor mosaic harbour",
            "confirm_password": "plum tractor mosaic harbour",
        },
    )
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200, "the person who changed it stays signed in"
    assert thief.get("/dashboard").status_code == 302


def test_staff_sessions_end_when_idle_but_providers_do_not(app, client, make, sign_in, monkeypatch):
    moderator = make.user(role="moderator")
    sign_in(moderator)
    assert client.get("/moderation").status_code == 200
    later = time.time() + app.config["STAFF_IDLE_MINUTES"] * 60 + 5
    monkeypatch.setattr(sessions.time, "time", lambda: later)
    response = client.get("/moderation", follow_redirects=True)
    assert "signed out after 30 minutes without activity" in response.get_data(as_text=True)
    monkeypatch.undo()
    provider_client = app.test_client()
    provider = make.user()
    provider_client.post("/account/sign-in", data={"email": provider.email, "password": "correct horse battery staple"})
    monkeypatch.setattr(sessions.time, "time", lambda: later)
    assert provider_client.get("/dashboard").status_code == 200
