"""Report a problem with the site itself: the phase banner's link, separate from listings and suggestions, and it
reaches the moderators (and nobody else)."""

import sqlalchemy as sa

from directory.public_forms.models import Message


def test_the_phase_banner_links_to_the_site_problem_form_naming_the_page(pages):
    page = pages.get("/regions")
    assert page.link_to("Report a problem with this site") == "/feedback?page=/regions"
    form = pages.get("/feedback?page=%2Fregions")
    assert form.h1 == "Report a problem with this site"
    assert 'value="/regions"' in form.html
    assert form.link_to("suggest a resource") == "/suggest"


def test_only_a_path_on_this_site_is_filled_in(pages):
    for page in ("//evil.example/x", "https://evil.example/", "/" + "x" * 600):
        assert "evil.example" not in pages.get("/feedback", query_string={"page": page}).html.split("<main")[1]


def test_a_site_problem_reaches_the_moderators_only(pages, client, db, make, outbox):
    moderator = make.user(role="moderator")
    make.user()  # a provider: not told
    response = client.post(
        "/feedback", data={"page": "/search", "problem": "The filters vanished.", "email": "someone@example.org"}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/feedback/sent"
    assert pages.get("/feedback/sent").h1 == "Report sent"
    message = db.session.scalar(sa.select(Message))
    assert (message.kind, message.listing_id, message.resource_url) == ("site_problem", None, "/search")
    emails = outbox()
    assert [email.to for email in emails] == [moderator.email]
    assert emails[0].subject == "Problem with the site reported"
    assert "The filters vanished." in emails[0].body and "Page: /search" in emails[0].body


def test_an_empty_report_is_an_error_and_keeps_what_was_typed(pages, db):
    page = pages.post("/feedback", data={"page": "/about", "problem": "  "}, status=200)
    assert page.title.startswith("Error: ")
    assert "Enter what went wrong" in page
    assert 'value="/about"' in page.html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 0


def test_the_moderators_inbox_shows_the_page(pages, client, make, sign_in):
    moderator = make.user(role="moderator")
    client.post("/feedback", data={"page": "/providers", "problem": "Slow."})
    sign_in(moderator)
    inbox = pages.get("/messages")
    assert "Problem with the site: /providers" in inbox
