"""The rough edges a newcomer hit (issue 14): the providers' front door and the menu, out-of-range pages, downloads
for nothing, the site's own address, the moderator command's link, and a provider's preview of its own listing."""

from __future__ import annotations

import re

import pytest

from directory.submissions import workflow

GOOD_PASSWORD = "double helix photo fifty one"


def menu(page) -> list[tuple[str, str]]:
    nav = page.html.split('aria-label="Main menu"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'href="([^"]+)"[^>]*>\s*(?:<strong[^>]*>)?\s*([^<]+?)\s*<', nav)


def test_for_providers_is_a_public_page_with_sign_up_and_sign_in(pages):
    page = pages.get("/")
    assert ("/for-providers", "For providers") in menu(page)
    page = pages.get("/for-providers")
    assert page.h1 == "List your provision in the directory"
    assert page.link_to("Create a provider account") == "/account/sign-up"
    assert page.link_to("Sign in") == "/account/sign-in"
    for topic in (
        "What a provider account is for",
        "If your organisation is already listed",
        "How listings are checked",
        "Adding many listings at once",
        "What we do with your data",
    ):
        assert topic in page


@pytest.mark.parametrize(
    "role, door", [("provider", ("/dashboard", "Your dashboard")), ("moderator", ("/moderation", "Moderation"))]
)
def test_each_role_has_five_menu_items_ending_at_its_own_front_door(pages, make, sign_in, role, door):
    sign_in(make.user(role=role))
    items = menu(pages.get("/about"))
    assert len(items) == 5 and items[-1] == door


def test_a_page_past_the_last_says_so_on_providers_as_on_search(pages, make):
    make.listing()
    page = pages.get("/providers?page=99&region=london")
    assert "There are no organisations on this page" in page
    assert page.link_to("Go to the first page") == "/providers?region=london"
    assert "Organisation" not in "".join(text for _, text in page.links if "/providers/" in _)


def test_search_past_the_last_page_keeps_the_filters(pages, make, reindex):
    make.listing()
    reindex()
    page = pages.get("/search?region=london&page=9")
    assert page.link_to("Go to the first page") == "/search?region=london"


def test_no_downloads_for_a_search_with_no_results(pages, make, reindex):
    make.listing()
    reindex()
    assert "/search.csv" in pages.get("/search").html
    empty = pages.get("/search?q=zzqqxxnothing")
    assert "/search.csv" not in empty.html and "/search.json" not in empty.html
    assert "Follow this search as a feed" in empty


@pytest.fixture
def app_config(app_config):
    return {**app_config, "SITE_URL": ""}  # as configured by default: follow the request's host


def test_without_site_url_examples_and_feeds_use_the_request_host(pages, client, make, reindex):
    make.listing()
    reindex()
    developers = pages.get("/developers", base_url="http://skills.example.org:8080")
    assert "http://skills.example.org:8080/api/v1/" in developers.html
    assert "127.0.0.1:5000" not in developers.html
    feed = client.get("/search.atom", base_url="https://skills.example.org").get_data(as_text=True)
    assert "https://skills.example.org/listings/" in feed


def test_emails_never_take_the_address_from_the_host_header_in_production(app, make):
    from directory.mail.services import render_email
    from directory.site_address import public_url

    app.config["PRODUCTION"] = True
    with app.test_request_context(base_url="https://attacker.example"):
        assert public_url() == "https://attacker.example"  # pages show the viewer their own address
        assert public_url(trust_host=False) == "http://127.0.0.1:5000"
        app.config["SITE_URL"] = "https://skills.example.org"
        assert public_url(trust_host=False) == "https://skills.example.org"
        _subject, body = render_email(
            "message_site_problem",
            message=type("M", (), {"resource_url": "/", "email": None, "body": "x"})(),
            recipient=make.user(),
            link="L",
        )
        assert body.rstrip().endswith("https://skills.example.org")


def test_the_moderator_command_prints_a_link_only_when_it_made_one(runner):
    typed = runner.invoke(
        args=["users", "create-moderator", "typed@example.org", "--prompt-password"],
        input=f"{GOOD_PASSWORD}\n{GOOD_PASSWORD}\n",
    )
    assert typed.exit_code == 0, typed.output
    assert "link" not in typed.output and "http" not in typed.output
    assert "sign in with the password you typed" in typed.output
    generated = runner.invoke(args=["users", "create-moderator", "random@example.org"])
    assert "Send them this link" in generated.output and "/account/reset-password/" in generated.output


def test_a_providers_preview_says_the_state_it_is_really_in(pages, make, sign_in):
    provider = make.user()
    data = {**make.listing().snapshot(), "title": "Lab skills"}  # every answer a complete listing has
    listing = workflow.create_listing(provider.organisation, data, actor=provider)
    sign_in(provider)
    draft = pages.get(f"/dashboard/listings/{listing.id}/preview")
    assert "Draft" in draft and "Not yet verified by the provider" not in draft
    workflow.submit(listing, actor=provider)
    pending = pages.get(f"/dashboard/listings/{listing.id}/preview")
    assert "Waiting for review" in pending and "Not yet verified by the provider" not in pending
