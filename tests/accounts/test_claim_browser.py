"""In Chromium: a provider claims a seeded organisation from one of its listings, a moderator approves the claim,
the provider confirms the listing, and the public page says "Confirmed by the provider". Axe finds nothing serious
or critical on the pages on the way, errors included. Asking the directory team works without JavaScript."""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from directory.accounts.models import User
from directory.extensions import db
from directory.listings.models import Listing
from tests.accessibility import serious_violations

pytestmark = pytest.mark.browser
PASSWORD = "a long and unusual passphrase"


def _seeded_listing_without_details(app) -> tuple[str, str, str]:
    """(slug, title, organisation name) of a published listing with no contact details, whose organisation has
    nobody managing it: what the seed is full of."""
    with app.app_context():
        listing = db.session.scalars(
            sa.select(Listing)
            .where(
                Listing.status == "published",
                Listing.url.is_(None),
                Listing.contact_email.is_(None),
                Listing.contact_phone.is_(None),
                Listing.how_to_apply.is_(None),
            )
            .order_by(Listing.slug)
        ).first()
        assert listing is not None, "the seed has a listing without contact details"
        return listing.slug, listing.title, listing.organisation.name


def _make_moderator(app) -> None:
    with app.app_context():
        user = User(email="mo@example.org", name="Mo Moderator", role="moderator", password_hash="")
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()


def _sign_out(page) -> None:
    page.locator(".app-account-menu").get_by_role("button", name="Sign out").click()
    expect(page.locator("h1")).to_have_text("Sign in")


def _sign_in(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/account/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"sign-in"))


def _claim(page, live_server, slug: str, organisation: str) -> None:
    page.goto(f"{live_server.url}/listings/{slug}")
    expect(page.get_by_text("We don't have contact details for this")).to_be_visible()
    page.get_by_role("link", name=re.compile("Claim this organisation")).click()
    expect(page.locator("h1")).to_have_text(f"Claim {organisation}")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your job title")
    assert serious_violations(page) == []
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_label("Email address").fill("ada@example.ac.uk")
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Your job title").fill("Head of apprenticeships")
    page.get_by_label("How can we check that you work there?").fill("Call our switchboard and ask for me.")
    page.get_by_role("button", name="Send request").click()
    expect(page.locator("h1")).to_have_text("Waiting for approval")
    expect(page.locator("main")).to_contain_text(f"You asked to manage {organisation}'s listings")
    assert serious_violations(page) == []
    expect(page.locator(".app-account-menu")).to_contain_text("Ada Lovelace")


def _approve(page, live_server, organisation: str) -> None:
    _sign_in(page, live_server, "mo@example.org")
    page.get_by_role("link", name="organisation claims").click()
    assert serious_violations(page) == []
    page.get_by_role("link", name=re.compile(re.escape(organisation))).first.click()
    expect(page.locator("main")).to_contain_text("Head of apprenticeships")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Approve claim").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("was approved")
    _sign_out(page)


def test_claim_approve_confirm_and_the_public_page_says_so(page, live_server):
    _make_moderator(live_server.app)
    slug, title, organisation = _seeded_listing_without_details(live_server.app)
    _claim(page, live_server, slug, organisation)
    _sign_out(page)
    _approve(page, live_server, organisation)

    _sign_in(page, live_server, "ada@example.ac.uk")
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    page.get_by_role("button", name=f"Confirm this listing is still accurate ({title})").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is marked as checked today")
    page.goto(f"{live_server.url}/listings/{slug}")
    expect(page.locator("main")).to_contain_text(re.compile(r"Confirmed by the provider on \d{1,2} \w+ \d{4}"))
    expect(page.get_by_role("link", name=re.compile("Claim this organisation"))).to_have_count(0)


def test_asking_the_directory_team_without_javascript(browser, live_server):
    slug, _title, _ = _seeded_listing_without_details(live_server.app)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/listings/{slug}")
    page.get_by_role("link", name=re.compile("Ask the directory team")).click()
    expect(page.locator("h1")).to_have_text("Ask the directory team")
    page.get_by_role("button", name="Send question").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your question")
    page.get_by_label("Your name").fill("Sam")
    page.get_by_label("Your email address").fill("sam@example.org")
    page.get_by_label("Your question").fill("When does it next start?")
    page.get_by_role("button", name="Send question").click()
    expect(page.locator("h1")).to_have_text("Question sent")
    context.close()


def test_the_new_pages_pass_axe(page, live_server):
    slug, _, _ = _seeded_listing_without_details(live_server.app)
    with live_server.app.app_context():  # a member, so the organisation cannot be claimed
        listing = db.session.scalar(sa.select(Listing).where(Listing.slug == slug))
        organisation_slug = listing.organisation.slug
        member = User(
            email="member@example.org", name="Member", organisation_id=listing.organisation_id, password_hash=""
        )
        member.set_password(PASSWORD)
        db.session.add(member)
        db.session.commit()
    for path in (
        f"/listings/{slug}",
        f"/listings/{slug}/ask",
        f"/listings/{slug}/ask/sent",
        f"/listings/{slug}/enquire/sent",
        f"/providers/{organisation_slug}/claim",
    ):
        page.goto(live_server.url + path)
        assert serious_violations(page) == [], path
    page.goto(f"{live_server.url}/listings/{slug}/ask")
    page.get_by_role("button", name="Send question").click()
    assert serious_violations(page) == []
