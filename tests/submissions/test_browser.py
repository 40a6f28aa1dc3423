"""In Chromium, the whole provider journey: sign up with a new organisation, submit a listing (fixing one error on
the way, without retyping), a moderator approves it, it appears on its region page and in search; an edit then waits
while the old version stays live, until it too is approved.
"""

import re

import pytest
from playwright.sync_api import expect

from directory.accounts.models import User
from directory.extensions import db
from tests.accessibility import serious_violations

pytestmark = pytest.mark.browser
PASSWORD = "a long and unusual passphrase"


def _make_user(app, **fields) -> None:
    with app.app_context():
        user = User(password_hash="", **fields)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()


def _sign_in_as(page, live_server, email: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/account/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"sign-in"))


def _sign_up_with_a_new_organisation(page, live_server) -> None:
    page.goto(live_server.url + "/account/sign-up")
    page.get_by_label("Full name").fill("Priya Shah")
    page.get_by_label("Email address").fill("priya@example.org")
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("No, add my organisation").check()
    page.get_by_label("Organisation name").fill("Valley Bioscience College")
    page.get_by_label("Type of organisation").select_option("college")
    page.get_by_label("Wales").check()
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/dashboard$"))


def test_submit_fix_approve_publish_then_edit(page, live_server):
    _make_user(live_server.app, email="mo@example.org", name="Mo", role="moderator")
    title = "Valley lab skills bootcamp"

    _sign_up_with_a_new_organisation(page, live_server)
    page.get_by_role("link", name="Add a listing").click()
    assert serious_violations(page) == []
    page.get_by_label("Title (required)", exact=True).fill(title)
    page.get_by_label("Summary (required)", exact=True).fill("Twelve weeks from beginner to lab assistant.")
    page.get_by_label("Description (required)", exact=True).fill("Hands-on training in our teaching laboratory.")
    page.get_by_label("Skills Bootcamp", exact=True).check()
    page.get_by_label("Alternatives to traditional qualifications", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()

    # The task list: the first section is done, the rest wait; the preview says exactly what is missing.
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".govuk-task-list__item").first).to_contain_text("Completed")
    expect(page.locator(".govuk-task-list__item").nth(1)).to_contain_text("Not yet started")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Preview and submit").click()
    missing = page.locator("#missing-answers")
    expect(missing).to_contain_text("Select at least one region")
    missing.get_by_role("link", name="Select at least one region").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select at least one region")
    assert serious_violations(page) == []
    page.get_by_label("Wales", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("link", name="How to take part").click()
    page.get_by_label("Contact email address (optional)").fill("bootcamp-at-valley")
    page.get_by_label("Web page (optional)").fill("valley.example.org/bootcamp")
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter contact email address in the correct format")
    assert serious_violations(page) == []
    expect(page.get_by_label("Web page (optional)")).to_have_value("https://valley.example.org/bootcamp")
    summary.get_by_role("link", name=re.compile("contact email")).click()
    expect(page.get_by_label("Contact email address (optional)")).to_be_focused()
    page.get_by_label("Contact email address (optional)").fill("bootcamp@valley.example.org")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("link", name="Dates, hours and study mode").click()
    page.get_by_label("Part-time", exact=True).check()
    page.get_by_label("Hours per week (optional)").fill("16")
    page.get_by_label("Start dates (optional)").fill("7 9 2030")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-task-list__item").nth(3)).to_contain_text("Completed")
    page.get_by_role("button", name="Preview and submit").click()

    expect(page.locator(".app-preview-banner")).to_contain_text("This is a preview. It is not published.")
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("#course-facts-list")).to_contain_text("7 September 2030")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#main-content")).to_contain_text("Pending review")
    assert serious_violations(page) == []

    _sign_in_as(page, live_server, "mo@example.org")
    page.goto(live_server.url + "/moderation")
    page.get_by_role("link", name=title).click()
    expect(page.locator(".app-diff")).to_contain_text("Skills Bootcamp")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.locator("#main-content")).to_contain_text("Nothing is waiting for review")

    page.goto(live_server.url + "/regions/wales")
    page.get_by_role("link", name=title).click()
    expect(page.locator("h1")).to_have_text(title)
    listing_url = page.url
    page.goto(live_server.url + "/search?q=" + "valley+lab+skills+bootcamp")
    expect(page.get_by_role("link", name=title)).to_be_visible()

    _sign_in_as(page, live_server, "priya@example.org")
    page.goto(live_server.url + "/dashboard")
    page.get_by_role("link", name=re.compile(f"^Change {title}")).click()
    page.get_by_role("link", name="About the provision").click()
    page.get_by_label("Title (required)", exact=True).fill(title + " (Level 3)")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Preview and submit").click()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#main-content")).to_contain_text("Your changes are waiting for review")
    page.goto(listing_url)
    expect(page.locator("h1")).to_have_text(title)

    _sign_in_as(page, live_server, "mo@example.org")
    page.goto(live_server.url + "/moderation")
    page.get_by_role("link", name=title + " (Level 3)").click()
    expect(page.locator(".app-diff")).to_contain_text(title + " (Level 3)")
    page.get_by_role("button", name="Approve and publish").click()
    page.goto(listing_url)
    expect(page.locator("h1")).to_have_text(title + " (Level 3)")
