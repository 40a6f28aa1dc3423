"""In Chromium: a person closes their account from their account page, and the privacy pages pass axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.accessibility import serious_violations
from tests.factories import Factories

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"


def test_closing_an_account_from_the_account_page(page, live_server):
    from directory.extensions import db

    with live_server.app.app_context():
        email = Factories(db).user(name="Grace Hopper", email="grace@example.org").email
    page.goto(live_server.url + "/account/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(live_server.url + "/account/")
    page.get_by_role("link", name="Close your account").click()
    assert serious_violations(page) == []
    page.get_by_role("textbox", name="Your password").fill("wrong password here")
    page.get_by_role("button", name="Close your account").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Your password is not correct")
    page.get_by_role("textbox", name="Your password").fill(PASSWORD)
    page.get_by_role("button", name="Close your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is closed")
    page.goto(live_server.url + "/account/")
    expect(page).to_have_url(re.compile(r"/account/sign-in"))


def test_privacy_and_cookies_pages_pass_axe(page, live_server):
    for path, heading in (("/privacy", "Privacy notice"), ("/cookies", "Cookies")):
        page.goto(live_server.url + "/")
        page.locator("footer").get_by_role("link", name=heading.split()[0], exact=True).click()
        expect(page).to_have_url(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert serious_violations(page) == []
