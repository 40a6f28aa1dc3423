"""In Chromium: sign up with a mistake fixed on the way, then report a problem with a listing; axe finds nothing
serious on any of the forms, with or without their errors (the sign-up radios included: static/src/app.js)."""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.accessibility import serious_violations

pytestmark = pytest.mark.browser


def test_sign_up_with_an_error_fixed_keeps_what_was_typed(page, live_server):
    page.goto(live_server.url + "/account/sign-up")
    assert serious_violations(page) == []
    page.get_by_label("Full name").fill("Rosalind Franklin")
    page.get_by_label("Email address").fill("rosalind@kings.example")
    page.get_by_label("Create a password").fill("too short")
    page.get_by_label("No, add my organisation").check()
    page.get_by_label("Organisation name").fill("Franklin Skills Academy")
    page.get_by_label("Type of organisation").select_option("training-provider")
    page.get_by_label("London").check()
    page.get_by_role("button", name="Create account").click()

    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Password must be 12 characters or more")
    assert serious_violations(page) == []
    expect(page.get_by_label("Full name")).to_have_value("Rosalind Franklin")
    expect(page.get_by_label("Organisation name")).to_have_value("Franklin Skills Academy")
    expect(page.get_by_label("Type of organisation")).to_have_value("training-provider")
    expect(page.get_by_label("London")).to_be_checked()
    summary.get_by_role("link", name="Password must be 12 characters or more").click()
    expect(page.get_by_label("Create a password")).to_be_focused()

    page.get_by_label("Create a password").fill("double helix photo fifty one")
    page.get_by_role("button", name="Create account").click()
    expect(page).not_to_have_url(re.compile(r"/account/sign-up"))
    with live_server.app.app_context():
        from directory.accounts.models import User
        from directory.extensions import db

        user = db.session.scalar(sa.select(User).where(User.email == "rosalind@kings.example"))
        assert user.organisation.name == "Franklin Skills Academy"


def test_reporting_a_problem_with_a_listing(page, live_server):
    page.goto(live_server.url + "/regions/london")
    page.locator(".app-card__title a").first.click()
    page.get_by_role("link", name="Report a problem with this listing").click()
    expect(page.locator("h1")).to_have_text("Report a problem with this listing")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Send report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what is wrong with this listing")
    assert serious_violations(page) == []
    page.get_by_label("What is wrong with this listing?").fill("The start date has passed.")
    page.get_by_role("button", name="Send report").click()
    expect(page.locator("h1")).to_have_text("Report sent")
