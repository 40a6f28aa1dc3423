"""Every form on the site answers invalid input the same way (docs/front-end.md, "Forms"): 200, the form shown
again with the title starting "Error: " and an error summary whose every link leads to a field on the page."""

from __future__ import annotations

import re

import pytest
from flask import g

from directory.accounts.tokens import make_reset_token
from directory.submissions import workflow
from tests.pages import Page, check_page

# endpoint: (who is signed in, URL with {placeholders} filled from the world below, what is posted)
INVALID_POSTS = {
    "accounts.sign_up": (None, "/account/sign-up", {"organisation_choice": "new"}),
    "accounts.sign_in": (None, "/account/sign-in", {"email": ""}),
    "accounts.forgotten_password": (None, "/account/forgotten-password", {"email": "not an address"}),
    "accounts.reset_password": (None, "/account/reset-password/{reset_token}", {"password": "short"}),
    "accounts.details": ("provider", "/account/", {"name": "", "email": "not an address"}),
    "accounts.change_password": ("provider", "/account/password", {"current_password": ""}),
    "privacy.close": ("provider", "/account/close", {"password": ""}),
    "claims.claim": (None, "/providers/{unclaimed}/claim", {"email": "not an address"}),
    "claims.review": ("moderator", "/moderation/claims/{claim}", {"decision": "refuse", "reason": ""}),
    "public_forms.report": (None, "/listings/{listing}/report", {"problem": ""}),
    "public_forms.enquire": (None, "/listings/{listing}/enquire", {"name": ""}),
    "public_forms.ask": (None, "/listings/{listing}/ask", {"question": ""}),
    "public_forms.suggest": (None, "/suggest", {"resource_name": ""}),
    "public_forms.site_problem": (None, "/feedback", {"problem": ""}),
    "alerts.new": (None, "/alerts/new?q=lab", {"email": "nobody"}),
    "shortlist.email": (None, "/shortlist/email", {"email": "not an address"}),
    "submissions.new_listing": ("provider", "/dashboard/listings/new", {"title": ""}),
    "submissions.edit_section": ("provider", "/dashboard/listings/{draft}/edit/about", {"title": ""}),
    "submissions.organisation": ("provider", "/dashboard/organisation", {"name": ""}),
    "submissions.upload": ("provider", "/dashboard/upload", {}),
    "moderation.review": ("moderator", "/moderation/revisions/{revision}", {"decision": "reject", "reason": ""}),
}

# POST endpoints that are buttons, not forms a person types into: they redirect, or refuse a request their page
# cannot have sent (400). A new POST endpoint must be added to one table or the other.
ACTIONS = {
    "accounts.sign_out",
    "accounts.decide",
    "alerts.confirm",
    "alerts.delete",
    "alerts.unsubscribe",
    "claims.ask_to_join",
    "dashboard.confirm",
    "moderation.decide_identity",
    "moderation.verify",
    "public_forms.resolve",
    "shortlist.change",
    "shortlist.clear",
    "submissions.archive",
    "submissions.availability",
    "submissions.submit",
    "submissions.submit_uploaded",
    "submissions.withdraw",
}


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch):
    """Several accounts per test, none of whose passwords is the point: cheap argon2 settings."""
    from argon2 import PasswordHasher

    from directory.accounts import models

    monkeypatch.setattr(models, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def world(make):
    """A provider with a draft, a published listing seeking partners, a moderator, a pending claim and revision."""
    provider = make.user(role="provider")
    listing = make.listing(
        organisation=provider.organisation,
        seeks_partners=True,
        how_to_apply="Apply online.",
        url="https://www.example.org/course",
        duration="1 year",
        start_info="Every September",
    )
    draft = workflow.create_listing(provider.organisation, {"title": "A draft"}, actor=provider)
    workflow.save_draft(listing, {**listing.snapshot(), "title": "A better title"}, actor=provider)
    revision = workflow.submit(listing, actor=provider)
    claimant, unclaimed = make.user(organisation=None), make.organisation()
    from directory.accounts.claims import request_claim

    claim = request_claim(claimant, make.organisation(), role="Manager", message="See our staff page.")
    return {
        "provider": provider,
        "moderator": make.user(role="moderator", organisation=None),
        "listing": listing.slug,
        "listing_id": listing.id,
        "draft": draft.id,
        "revision": revision.id,
        "claim": claim.id,
        "unclaimed": unclaimed.slug,
        "reset_token": make_reset_token(make.user()),
    }


def _sign_in(client, user) -> None:
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = str(user.id), True
    g.pop("_login_user", None)


def test_every_post_endpoint_is_in_one_table(app):
    posts = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    assert sorted(posts - set(INVALID_POSTS) - ACTIONS) == []
    assert sorted((set(INVALID_POSTS) | ACTIONS) - posts) == []


@pytest.mark.parametrize("endpoint", sorted(INVALID_POSTS))
def test_an_invalid_form_is_shown_again_with_200_and_an_error_summary(client, world, endpoint):
    who, url, data = INVALID_POSTS[endpoint]
    if who:
        _sign_in(client, world[who])
    if endpoint == "shortlist.email":
        client.post("/shortlist", data={"add": world["listing_id"]})
    files = {"content_type": "multipart/form-data"} if endpoint == "submissions.upload" else {}
    response = client.post(url.format(**world), data=data, **files)
    page = Page(response)
    assert response.status_code == 200, f"{endpoint}: {response.status_code}"
    check_page(page)
    assert page.title.startswith("Error: ") and "There is a problem" in page.text
    summary = page.html.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert targets and all(target in page.ids for target in targets), (endpoint, targets)
