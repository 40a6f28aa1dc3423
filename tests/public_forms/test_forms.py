"""Reporting a problem, an employer's enquiry and a suggestion: stored, emailed, shown, resolved; bots discarded."""

import sqlalchemy as sa

from directory.public_forms.models import Message
from directory.public_forms.queries import messages_for_moderators, messages_for_organisation


def count_messages(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Message))


def test_every_listing_links_to_report_and_partner_listings_to_enquire(pages, make):
    plain = make.listing(seeks_partners=False)
    partnering = make.listing(seeks_partners=True)
    page = pages.get(f"/listings/{plain.slug}")
    assert page.link_to("Report a problem with this listing") == f"/listings/{plain.slug}/report"
    assert f"/listings/{plain.slug}/enquire" not in page.hrefs()
    page = pages.get(f"/listings/{partnering.slug}")
    assert page.link_to("Get in touch as an employer") == f"/listings/{partnering.slug}/enquire"
    pages.get(f"/listings/{plain.slug}/enquire", status=404)


def test_a_report_is_stored_and_emailed_to_the_provider_and_shown_to_moderators(pages, client, db, make, outbox):
    listing = make.listing()
    provider = make.user(organisation=listing.organisation)
    make.user()  # a provider elsewhere: not told
    make.user(role="moderator", organisation=None)  # sees it in /messages; emailed only when nobody manages it
    assert pages.get(f"/listings/{listing.slug}/report").h1 == "Report a problem with this listing"
    response = client.post(
        f"/listings/{listing.slug}/report", data={"problem": "The link goes nowhere.", "email": "resident@example.org"}
    )
    assert response.status_code == 302
    assert pages.get(response.headers["Location"]).h1 == "Report sent"
    message = db.session.scalar(sa.select(Message))
    assert (message.kind, message.listing_id, message.organisation_id) == (
        "report",
        listing.id,
        listing.organisation_id,
    )
    assert message.body == "The link goes nowhere." and message.status == "new"
    assert [email.to for email in outbox()] == [provider.email]
    assert "The link goes nowhere." in outbox()[0].body
    assert messages_for_organisation(listing.organisation_id) == [message]
    assert messages_for_moderators() == [message]


def test_an_enquiry_needs_name_organisation_email_and_message(pages, db, make):
    listing = make.listing(seeks_partners=True)
    page = pages.post(f"/listings/{listing.slug}/enquire", data={"name": "Grace", "email": "not-an-email"}, status=200)
    assert page.title.startswith("Error: ")
    for anchor in ("#organisation", "#email", "#message"):
        assert f'href="{anchor}"' in page.html
    assert 'value="Grace"' in page.html and 'value="not-an-email"' in page.html
    assert count_messages(db) == 0


def test_a_suggestion_goes_to_moderators(client, db, make, outbox):
    moderator = make.user(role="moderator")
    response = client.post(
        "/suggest",
        data={
            "resource_name": "Bio Bootcamp",
            "resource_url": "https://bio.example.org",
            "details": "A bootcamp in Leeds.",
        },
    )
    assert response.headers["Location"].endswith("/suggest/sent")
    message = db.session.scalar(sa.select(Message))
    assert (message.kind, message.listing_id, message.resource_name) == ("suggestion", None, "Bio Bootcamp")
    assert [email.to for email in outbox()] == [moderator.email]


def test_a_filled_honeypot_looks_sent_but_nothing_is_kept(client, db, make, outbox):
    listing = make.listing()
    make.user(role="moderator")
    response = client.post(
        f"/listings/{listing.slug}/report", data={"problem": "Buy cheap pills", "website": "http://spam.example"}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/report/sent")
    response = client.post("/suggest", data={"website": "x"})
    assert response.headers["Location"].endswith("/suggest/sent")
    assert count_messages(db) == 0 and outbox() == []


def test_the_honeypot_is_hidden_from_people(pages):
    page = pages.get("/suggest")
    assert '<div class="app-honeypot" hidden aria-hidden="true">' in page.html
    assert 'tabindex="-1"' in page.html


def test_forms_for_unpublished_or_unknown_listings_are_not_found(pages, make):
    draft = make.listing(status="draft", seeks_partners=True)
    pages.get(f"/listings/{draft.slug}/report", status=404)
    pages.get(f"/listings/{draft.slug}/enquire", status=404)
    pages.get("/listings/no-such-thing/report", status=404)


def test_moderators_see_the_inbox_and_mark_messages_resolved(client, db, make, sign_in):
    listing = make.listing()
    message = Message(kind="report", listing=listing, organisation_id=listing.organisation_id, body="Wrong dates")
    db.session.add(message)
    db.session.commit()
    assert client.get("/messages").status_code == 302  # to sign in
    provider = make.user(organisation=listing.organisation)
    sign_in(provider)
    assert client.get("/messages").status_code == 403
    client.post("/account/sign-out")
    sign_in(make.user(role="moderator"))
    page = client.get("/messages").get_data(as_text=True)
    assert "Wrong dates" in page and "Mark as resolved" in page
    response = client.post(f"/messages/{message.id}/resolve", data={"next": "/messages?show=all"})
    assert response.headers["Location"] == "/messages?show=all"
    db.session.refresh(message)
    assert message.status == "resolved" and message.resolved_at is not None
    assert "Wrong dates" not in client.get("/messages").get_data(as_text=True)
    assert "Wrong dates" in client.get("/messages?show=all").get_data(as_text=True)


def test_a_provider_resolves_only_their_own_organisations_messages(client, db, make, sign_in):
    listing = make.listing()
    message = Message(kind="report", listing=listing, organisation_id=listing.organisation_id, body="x")
    db.session.add(message)
    db.session.commit()
    sign_in(make.user())  # another organisation's provider
    assert client.post(f"/messages/{message.id}/resolve").status_code == 404
    db.session.refresh(message)
    assert message.status == "new"


def test_resolving_never_redirects_off_the_site(client, db, make, sign_in):
    listing = make.listing()
    provider = make.user(organisation=listing.organisation)
    message = Message(kind="report", listing=listing, organisation_id=listing.organisation_id, body="x")
    db.session.add(message)
    db.session.commit()
    sign_in(provider)
    response = client.post(f"/messages/{message.id}/resolve", data={"next": "//evil.example/"})
    assert response.headers["Location"] == "/messages"


def test_the_messages_partial_renders_for_a_dashboard(app, make, db):
    from flask import render_template

    listing = make.listing()
    message = Message(
        kind="enquiry",
        listing=listing,
        organisation_id=listing.organisation_id,
        name="Grace",
        sender_organisation="Hopper Labs",
        email="grace@example.org",
        body="Placements?",
    )
    db.session.add(message)
    db.session.commit()
    with app.test_request_context("/dashboard"):
        html = render_template(
            "public_forms/_messages.html", messages=messages_for_organisation(listing.organisation_id), heading_level=3
        )
    assert "Employer enquiry" in html and "Grace, Hopper Labs" in html and "<h3" in html
    assert 'name="next" value="/dashboard"' in html
