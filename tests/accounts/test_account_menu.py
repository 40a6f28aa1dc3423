"""Every signed-in page has the account menu in its header: name, Account, Messages (moderators), Sign out."""

import re

import pytest


def menu(page) -> str:
    found = re.search(r'<nav class="app-account-menu".*?</nav>', page.html, re.S)
    return found.group(0) if found else ""


@pytest.mark.parametrize("path", ["/", "/search", "/account/", "/dashboard"])
def test_a_provider_sees_the_menu_on_every_page(pages, make, sign_in, path):
    sign_in(make.user(name="Priya Shah"))
    html = menu(pages.get(path))
    assert "Priya Shah" in html and 'href="/account/"' in html
    assert 'href="/messages"' not in html
    assert re.search(r'<form method="post" action="/account/sign-out".*?>Sign out</button>', html, re.S)


def test_a_moderator_also_gets_messages(pages, make, sign_in):
    sign_in(make.user(role="moderator", organisation=None, name="Mo"))
    assert 'href="/messages">Messages</a>' in menu(pages.get("/"))


def test_nobody_signed_in_sees_no_menu_and_signing_out_from_it_works(pages, client, make, sign_in):
    assert menu(pages.get("/")) == ""
    sign_in(make.user())
    response = client.post("/account/sign-out")
    assert response.status_code == 302
    assert menu(pages.get("/")) == ""
    assert client.get("/dashboard").status_code == 302  # signed out: sent to sign in
