"""How to take part, and messages that reach people: a listing without contact details says so and offers to ask
the directory team or claim the organisation; enquiries go to the organisation's members, or to the moderators
when it has none, and the confirmation says which."""

import sqlalchemy as sa

from directory.public_forms.models import Message

NO_DETAILS = "We don't have contact details for this yet."


def test_a_listing_with_its_own_details_shows_them(pages, make):
    listing = make.listing(
        how_to_apply="Apply online by June.",
        url="https://lab.example.org/apply",
        contact_email="apply@lab.example.org",
        contact_phone="0121 000 0000",
    )
    page = pages.get(f"/listings/{listing.slug}")
    for text in ("How to take part", "Apply online by June.", "apply@lab.example.org", "Telephone: 0121 000 0000"):
        assert text in page
    assert "https://lab.example.org/apply" in page.hrefs()
    assert NO_DETAILS not in page and "Ask the directory team" not in page


def test_without_details_the_page_says_so_and_offers_what_happens_next(pages, make):
    listing = make.listing()
    page = pages.get(f"/listings/{listing.slug}")
    assert NO_DETAILS in page
    assert page.link_to("Ask the directory team") == f"/listings/{listing.slug}/ask"
    assert page.link_to("Claim this organisation") == f"/providers/{listing.organisation.slug}/claim"
    assert "Claim this organisation" in pages.get(f"/providers/{listing.organisation.slug}").text


def test_an_organisation_with_members_is_not_offered_for_claiming(pages, make):
    organisation = make.organisation(website="https://www.college.example.ac.uk", phone="020 7000 0000")
    listing = make.listing(organisation=organisation)
    make.user(organisation=organisation)
    page = pages.get(f"/listings/{listing.slug}")
    assert NO_DETAILS in page and "You could contact" in page and "Telephone: 020 7000 0000" in page
    assert "https://www.college.example.ac.uk" in page.hrefs()
    assert "Claim this organisation" not in page and "Ask the directory team" in page
    assert "Claim this organisation" not in pages.get(f"/providers/{organisation.slug}").text


def test_a_question_goes_to_the_moderators_only(pages, client, db, make, outbox):
    listing = make.listing()
    provider = make.user(organisation=listing.organisation)
    moderator = make.user(role="moderator", organisation=None)
    assert pages.get(f"/listings/{listing.slug}/ask").h1 == "Ask the directory team"
    page = pages.post(f"/listings/{listing.slug}/ask", data={"name": "Sam", "email": "nope"}, status=200)
    assert page.title.startswith("Error: ") and "Enter your question" in page.text and 'value="Sam"' in page.html
    response = client.post(
        f"/listings/{listing.slug}/ask",
        data={"name": "Sam", "email": "sam@example.org", "question": "When does it next start?"},
    )
    sent = pages.get(response.headers["Location"])
    assert sent.h1 == "Question sent" and "sent your question to the directory team" in sent.text
    message = db.session.scalar(sa.select(Message))
    assert (message.kind, message.listing_id, message.organisation_id) == ("question", listing.id, None)
    assert [email.to for email in outbox()] == [moderator.email]
    assert "When does it next start?" in outbox()[0].body and "sam@example.org" in outbox()[0].body
    assert provider.email not in {email.to for email in outbox()}


def enquire(client, pages, listing):
    response = client.post(
        f"/listings/{listing.slug}/enquire",
        data={
            "name": "Grace",
            "organisation": "Hopper Labs",
            "email": "grace@hopper.example",
            "message": "We can host two placements.",
        },
    )
    assert response.status_code == 302
    return pages.get(response.headers["Location"])


def test_an_enquiry_to_an_organisation_with_members_emails_them_and_says_so(pages, client, make, outbox):
    listing = make.listing(seeks_partners=True)
    members = [make.user(organisation=listing.organisation), make.user(organisation=listing.organisation)]
    make.user(role="moderator", organisation=None)
    form = pages.get(f"/listings/{listing.slug}/enquire")
    assert f"goes to the people who manage {listing.organisation.name}'s listings" in form.text
    sent = enquire(client, pages, listing)
    assert f"We have emailed your message to the people who manage {listing.organisation.name}'s listings" in sent.text
    assert [email.to for email in outbox()] == [member.email for member in members]
    assert "Reply to them at grace@hopper.example" in outbox()[0].body


def test_an_enquiry_to_an_organisation_nobody_manages_goes_to_the_moderators_and_says_so(pages, client, make, outbox):
    listing = make.listing(seeks_partners=True)
    moderators = [make.user(role="moderator", organisation=None), make.user(role="admin", organisation=None)]
    name = listing.organisation.name
    assert "goes to the directory team" in pages.get(f"/listings/{listing.slug}/enquire").text
    sent = enquire(client, pages, listing)
    assert f"Nobody from {name} manages its listings on this site yet" in sent.text
    assert f"we cannot promise that it will reach {name}" in sent.text
    assert f"{name} will reply" not in sent.text
    assert [email.to for email in outbox()] == [moderator.email for moderator in moderators]


def test_a_report_about_an_organisation_nobody_manages_emails_the_moderators(pages, client, make, outbox):
    listing = make.listing()
    moderator = make.user(role="moderator", organisation=None)
    response = client.post(f"/listings/{listing.slug}/report", data={"problem": "It ended in 2020."})
    sent = pages.get(response.headers["Location"])
    assert "sent your report to the directory team" in sent.text
    assert [email.to for email in outbox()] == [moderator.email]
