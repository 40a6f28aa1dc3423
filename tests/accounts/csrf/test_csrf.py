"""Every POST of accounts and public forms is refused without its CSRF token, with the 400 error page."""

import re

import pytest
import sqlalchemy as sa
from flask import g

from directory.accounts.models import User
from directory.public_forms.models import Message

POSTS = [
    "/account/sign-up",
    "/account/sign-in",
    "/account/sign-out",
    "/account/forgotten-password",
    "/account/reset-password/whatever",
    "/account/",
    "/account/password",
    "/account/join-requests/1",
    "/listings/{slug}/report",
    "/listings/{slug}/enquire",
    "/suggest",
    "/messages/1/resolve",
    "/shortlist",
    "/shortlist/clear",
    "/shortlist/email",
    "/alerts/new",
    "/alerts/confirm/x",
    "/alerts/manage/x/delete",
]


@pytest.mark.parametrize("url", POSTS)
def test_a_post_without_the_token_is_refused_with_the_error_page(client, make, pages, url):
    listing = make.listing(seeks_partners=True)
    page = pages.post(url.format(slug=listing.slug), data={"email": "a@example.org"}, status=400)
    assert page.h1 == "Sorry, there is a problem with your request"
    assert "reload the page and try again" in page


def test_the_same_post_with_the_token_is_accepted(client, db, make):
    listing = make.listing()
    html = client.get(f"/listings/{listing.slug}/report").get_data(as_text=True)
    token = re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post(f"/listings/{listing.slug}/report", data={"csrf_token": token, "problem": "Old dates"})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 1


def test_a_token_from_another_session_is_refused(app, db, make):
    make.listing()
    first, second = app.test_client(), app.test_client()
    html = first.get("/account/sign-in").get_data(as_text=True)
    token = re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    user = make.user()
    response = second.post(
        "/account/sign-in", data={"csrf_token": token, "email": user.email, "password": "correct horse battery staple"}
    )
    assert response.status_code == 400
    assert db.session.scalar(sa.select(User.last_signed_in_at).where(User.id == user.id)) is None


def test_the_account_menus_sign_out_carries_its_token(client, make):
    user = make.user()
    html = client.get("/account/sign-in").get_data(as_text=True)
    token = re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    client.post(
        "/account/sign-in", data={"csrf_token": token, "email": user.email, "password": "correct horse battery staple"}
    )
    # Signing in starts a new session; the test's app context outlives requests, so drop Flask-WTF's cached token.
    g.pop("csrf_token", None)
    menu = re.search(r'<nav class="app-account-menu".*?</nav>', client.get("/").get_data(as_text=True), re.S).group(0)
    token = re.search(r'name="csrf_token" value="([^"]+)"', menu).group(1)
    assert client.post("/account/sign-out", data={"csrf_token": token}).status_code == 302
    assert client.get("/dashboard").status_code == 302  # signed out
