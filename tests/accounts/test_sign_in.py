"""Signing in and out, forgotten passwords, your details, and the role decorators."""

import re

import pytest

from directory.accounts import tokens
from tests.accounts.conftest import GOOD_PASSWORD


def reset_link_in(email) -> str:
    return re.search(r"http://\S+/account/reset-password/\S+", email.body).group(0).split("5000", 1)[1]


def test_signing_in_starts_a_fresh_session(client, make):
    user = make.user()
    with client.session_transaction() as before:
        before["planted"] = "by an attacker"
    response = client.post(
        "/account/sign-in?next=/account/password",
        data={"email": user.email.upper(), "password": "correct horse battery staple"},
    )
    assert response.headers["Location"] == "/account/password"
    with client.session_transaction() as after:
        assert "planted" not in after and after["_user_id"] == str(user.id)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_a_wrong_password_keeps_the_email_and_says_what_to_do(pages, make):
    user = make.user()
    page = pages.post("/account/sign-in", data={"email": user.email, "password": "wrong"}, status=200)
    assert page.title.startswith("Error: ")
    assert "Enter a correct email address and password" in page and f'value="{user.email}"' in page.html
    assert 'value="wrong"' not in page.html  # passwords are never sent back


def test_an_unknown_email_gets_the_same_answer(pages):
    page = pages.post("/account/sign-in", data={"email": "nobody@example.org", "password": "anything"}, status=200)
    assert "Enter a correct email address and password" in page


def test_a_deactivated_account_cannot_sign_in(pages, make):
    user = make.user(active=False)
    page = pages.post(
        "/account/sign-in", data={"email": user.email, "password": "correct horse battery staple"}, status=200
    )
    assert "Enter a correct email address and password" in page


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x"])
def test_sign_in_never_sends_people_off_the_site(client, make, target):
    user = make.user()
    response = client.post(
        f"/account/sign-in?next={target}", data={"email": user.email, "password": "correct horse battery staple"}
    )
    assert response.headers["Location"] == "/dashboard"


def test_pages_needing_an_account_send_people_to_sign_in_and_back(client):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/sign-in?next=")


def test_signing_out_needs_a_post(client, make, sign_in, pages):
    sign_in(make.user())
    assert pages.get("/account/sign-out").h1 == "Sign out"
    assert client.get("/account/").status_code == 200  # a GET did not sign out
    client.post("/account/sign-out")
    assert client.get("/account/").status_code == 302


def test_forgotten_password_link_works_once(client, db, make, outbox, pages):
    user = make.user()
    page = pages.post("/account/forgotten-password", data={"email": user.email}, status=200)
    assert page.h1 == "Check your email"
    link = reset_link_in(outbox()[-1])
    assert pages.get(link).h1 == "Choose a new password"
    page = pages.post(link, data={"password": "short"}, status=200)
    assert "Password must be 12 characters or more" in page and page.title.startswith("Error: ")
    response = client.post(link, data={"password": GOOD_PASSWORD})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.check_password(GOOD_PASSWORD)
    assert pages.get(link, status=400).h1 == "This link has expired or has been used"


def test_a_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(pages, outbox):
    page = pages.post("/account/forgotten-password", data={"email": "nobody@example.org"}, status=200)
    assert page.h1 == "Check your email" and outbox() == []


def test_reset_links_expire(app, make, monkeypatch, pages):
    from datetime import timedelta

    from directory import clock

    user = make.user()
    token = tokens.make_reset_token(user)
    real_now = clock.now
    monkeypatch.setattr(clock, "now", lambda: real_now() + timedelta(minutes=61))
    assert tokens.user_for_reset_token(token) is None
    pages.get(f"/account/reset-password/{token}", status=400)


@pytest.mark.parametrize("token", ["", "x", "a" * 5000, "eyJ1IjoxfQ.bad.sig", "ÿ☃"])
def test_broken_reset_links_are_refused_gently(client, token):
    assert client.get(f"/account/reset-password/{token}").status_code in (400, 404)


def test_changing_details_and_password(client, db, make, sign_in, pages):
    user = make.user()
    other = make.user()
    sign_in(user)
    page = pages.post("/account/", data={"name": "New Name", "email": other.email}, status=200)
    assert "Another account already uses this email address" in page
    assert client.post("/account/", data={"name": "New Name", "email": "new@example.org"}).status_code == 302
    db.session.refresh(user)
    assert (user.name, user.email) == ("New Name", "new@example.org")
    page = pages.post("/account/password", data={"current_password": "nope", "password": GOOD_PASSWORD}, status=200)
    assert "Your current password is not correct" in page
    response = client.post(
        "/account/password", data={"current_password": "correct horse battery staple", "password": GOOD_PASSWORD}
    )
    assert response.headers["Location"] == "/account/"
    db.session.refresh(user)
    assert user.check_password(GOOD_PASSWORD)


def test_role_decorators(app, client, make, sign_in):
    from directory.accounts.decorators import moderator_required, provider_required

    @app.get("/test-provider")
    @provider_required
    def provider_page():
        return "provider ok"

    @app.get("/test-moderator")
    @moderator_required
    def moderator_page():
        return "moderator ok"

    assert client.get("/test-provider").status_code == 302
    sign_in(make.user())
    assert client.get("/test-provider").get_data(as_text=True) == "provider ok"
    assert client.get("/test-moderator").status_code == 403
    client.post("/account/sign-out")
    sign_in(make.user(role="moderator"))
    assert client.get("/test-moderator").get_data(as_text=True) == "moderator ok"
    assert client.get("/test-provider").status_code == 403  # a moderator acts for no organisation
    client.post("/account/sign-out")
    sign_in(make.user(organisation=None, organisation_id=None))  # still waiting to join
    assert client.get("/test-provider").headers["Location"] == "/account/waiting"


def test_create_moderator_prints_a_working_reset_link(runner, db, pages):
    result = runner.invoke(args=["users", "create-moderator", "mod@example.org", "--name", "Mo Derator"])
    assert result.exit_code == 0, result.output
    from directory.accounts.services import user_by_email

    user = user_by_email("mod@example.org")
    assert (user.role, user.name) == ("moderator", "Mo Derator")
    link = re.search(r"http://\S+", result.output).group(0).split("5000", 1)[1]
    assert pages.get(link).h1 == "Choose a new password"
    result = runner.invoke(args=["users", "create-admin", "mod@example.org"])
    assert "Updated admin" in result.output and user_by_email("mod@example.org").role == "admin"
    assert runner.invoke(args=["users", "create-admin", "not an email"]).exit_code != 0


def test_create_admin_with_a_typed_password(runner):
    result = runner.invoke(
        args=["users", "create-admin", "boss@example.org", "--prompt-password"],
        input=f"{GOOD_PASSWORD}\n{GOOD_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    from directory.accounts.services import user_by_email

    assert user_by_email("boss@example.org").check_password(GOOD_PASSWORD)
    result = runner.invoke(
        args=["users", "create-admin", "weak@example.org", "--prompt-password"], input="password\npassword\n"
    )
    assert result.exit_code != 0 and "12 characters" in result.output


def test_changing_the_password_signs_out_other_sessions(app, client, db, make, sign_in):
    user = make.user()
    sign_in(user)
    other_device = app.test_client()
    other_device.post("/account/sign-in", data={"email": user.email, "password": "correct horse battery staple"})
    assert other_device.get("/account/").status_code == 200
    client.post(
        "/account/password", data={"current_password": "correct horse battery staple", "password": GOOD_PASSWORD}
    )
    assert client.get("/account/").status_code == 200  # this session was renewed
    assert other_device.get("/account/").status_code == 302  # the other one is over


def test_people_sent_to_sign_in_are_told_why(client, pages):
    client.get("/account/password")
    page = pages.get("/account/sign-in?next=/account/password")
    assert "Sign in to see that page." in page and "govuk-notification-banner--success" not in page.html


def test_signing_out_says_so(client, make, sign_in, pages):
    sign_in(make.user())
    client.post("/account/sign-out")
    page = pages.get("/account/sign-in")
    assert "You have signed out." in page and "govuk-notification-banner--success" in page.html
