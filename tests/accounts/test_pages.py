"""Every page of accounts and public forms passes the checks every page must (one h1, title, unique ids...)."""

import pytest

from directory.accounts.models import JoinRequest
from directory.accounts.tokens import make_reset_token
from directory.public_forms.models import Message


@pytest.fixture
def world(db, make):
    listing = make.listing(seeks_partners=True)
    moderator = make.user(role="moderator")
    waiting = make.user(organisation=None, organisation_id=None)
    db.session.add(JoinRequest(user=waiting, organisation=listing.organisation))
    db.session.add(
        Message(
            kind="enquiry",
            listing=listing,
            organisation_id=listing.organisation_id,
            name="Grace",
            sender_organisation="Hopper Labs",
            email="g@example.org",
            body="Placements?",
        )
    )
    db.session.add(Message(kind="suggestion", resource_name="Bio Bootcamp", body="In Leeds."))
    db.session.commit()
    return {"listing": listing, "moderator": moderator, "waiting": waiting}


@pytest.mark.parametrize(
    "url, h1",
    [
        ("/account/sign-up", "Create a provider account"),
        ("/account/sign-in", "Sign in"),
        ("/account/forgotten-password", "Reset your password"),
        ("/suggest", "Suggest a resource"),
        ("/suggest/sent", "Suggestion sent"),
        ("/listings/{slug}/report", "Report a problem with this listing"),
        ("/listings/{slug}/enquire", "Get in touch as an employer"),
        ("/listings/{slug}/report/sent", "Report sent"),
        ("/listings/{slug}/enquire/sent", "Message sent"),
    ],
)
def test_public_pages(pages, world, url, h1):
    assert pages.get(url.format(slug=world["listing"].slug)).h1 == h1


def test_reset_page(pages, world):
    assert pages.get(f"/account/reset-password/{make_reset_token(world['moderator'])}").h1 == "Choose a new password"


@pytest.mark.parametrize(
    "url, h1",
    [
        ("/account/", "Your account"),
        ("/account/password", "Change your password"),
        ("/account/sign-out", "Sign out"),
        ("/account/join-requests", "Requests to join"),
        ("/messages", "Messages from the public"),
        ("/messages?show=all", "Messages from the public"),
    ],
)
def test_moderator_pages(pages, sign_in, world, url, h1):
    sign_in(world["moderator"])
    page = pages.get(url)
    assert page.h1 == h1
    if url == "/messages":
        assert "Placements?" in page and "Bio Bootcamp" in page
    if url == "/account/join-requests":
        assert f"{world['waiting'].name} wants to join" in page


def test_waiting_page(pages, sign_in, world):
    sign_in(world["waiting"])
    page = pages.get("/account/waiting")
    assert page.h1 == "Waiting for approval" and world["listing"].organisation.name in page
