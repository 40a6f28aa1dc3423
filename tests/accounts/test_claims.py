"""Claiming an organisation nobody manages: ask (with a new account or signed in), a moderator approves or refuses
with a reason, every step audited and emailed; an organisation with members is joined, not claimed."""

import sqlalchemy as sa

from directory.accounts.models import JoinRequest, OrganisationClaim, User
from directory.audit import AuditEvent

PASSWORD = "plum tractor mosaic harbour"


def claim_answers(**changes) -> dict:
    answers = {
        "name": "Ada Lovelace",
        "email": "ada@bio.example.ac.uk",
        "password": PASSWORD,
        "role": "Apprenticeships manager",
        "message": "Our staff page names me: bio.example.ac.uk/staff",
    }
    answers.update(changes)
    return answers


def audit_actions(db, organisation) -> list[str]:
    return list(
        db.session.scalars(
            sa.select(AuditEvent.action)
            .where(AuditEvent.entity_type == "organisation", AuditEvent.entity_id == organisation.id)
            .order_by(AuditEvent.id)
        )
    )


def claimed(client, db, make):
    """An organisation with a website and a published listing, claimed by a new account; returns both and the claim."""
    organisation = make.organisation(name="Bio College", website="https://www.bio.example.ac.uk/courses")
    make.listing(organisation=organisation, slug="lab-course", title="Lab course")
    response = client.post(f"/providers/{organisation.slug}/claim", data=claim_answers())
    assert response.status_code == 302 and response.headers["Location"] == "/account/waiting"
    return organisation, db.session.scalar(sa.select(OrganisationClaim))


def test_a_new_person_signs_up_and_claims_in_one_step(pages, client, db, make, outbox):
    moderator = make.user(role="moderator", organisation=None)
    organisation = make.organisation(name="Bio College", website="https://www.bio.example.ac.uk")
    page = pages.get(f"/providers/{organisation.slug}/claim")
    assert page.h1 == "Claim Bio College" and "Create an account" in page.text
    response = client.post(f"/providers/{organisation.slug}/claim", data=claim_answers())
    assert response.headers["Location"] == "/account/waiting"
    claim = db.session.scalar(sa.select(OrganisationClaim))
    assert (claim.state, claim.role, claim.user.email) == (
        "pending",
        "Apprenticeships manager",
        "ada@bio.example.ac.uk",
    )
    assert claim.user.organisation_id is None and claim.email_domain_matches
    assert "You asked to manage Bio College's listings" in pages.get("/account/waiting").text
    assert {(email.to, email.subject) for email in outbox()} == {
        ("ada@bio.example.ac.uk", "We have your request to manage Bio College"),
        (moderator.email, "Ada Lovelace asks to manage Bio College on the Life Sciences Skills Directory"),
    }
    assert "Their email address is at the organisation's web domain (bio.example.ac.uk)" in outbox()[1].body
    assert audit_actions(db, organisation) == ["claim-requested"]


def test_mistakes_on_the_claim_page_are_shown_with_what_was_typed(pages, db, make):
    organisation = make.organisation()
    page = pages.post(
        f"/providers/{organisation.slug}/claim",
        data=claim_answers(email="not an email", message="", password="short"),
        status=200,
    )
    assert page.title.startswith("Error: ")
    for text in (
        "Enter email address in the correct format",
        "Enter how we can check that you work there",
        "Password must be 12 characters or more",
    ):
        assert text in page.text
    assert 'value="Ada Lovelace"' in page.html and 'value="Apprenticeships manager"' in page.html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_a_moderator_approves_and_the_person_can_confirm_the_listings(pages, client, db, make, outbox, sign_in):
    organisation, claim = claimed(client, db, make)
    moderator = make.user(role="moderator", organisation=None)
    sign_in(moderator)
    queue = pages.get("/moderation/claims")
    assert "Bio College" in queue.text and "Apprenticeships manager" in queue.text
    review = pages.get(queue.link_to("Bio College"))
    assert "Yes: bio.example.ac.uk is the organisation's web domain." in review.text
    assert "Our staff page names me" in review.text

    pages.post(f"/moderation/claims/{claim.id}", data={"decision": "approve"}, follow_redirects=True)
    person = db.session.get(User, claim.user_id)
    assert claim.state == "approved" and person.organisation_id == organisation.id
    assert outbox()[-1].to == person.email and outbox()[-1].subject.endswith("was approved")
    assert audit_actions(db, organisation) == ["claim-requested", "claim-approved"]

    sign_in(person, PASSWORD)
    listing = organisation.listings[0]
    client.post(f"/dashboard/listings/{listing.id}/confirm")
    assert listing.last_verified_at is not None
    assert "Confirmed by the provider on" in pages.get("/listings/lab-course").text


def test_refusing_needs_a_reason_which_is_emailed_and_audited(pages, client, db, make, outbox, sign_in):
    organisation, claim = claimed(client, db, make)
    sign_in(make.user(role="moderator", organisation=None))
    page = pages.post(f"/moderation/claims/{claim.id}", data={"decision": "refuse", "reason": " "}, status=200)
    assert page.title.startswith("Error: ") and "Enter the reason for refusing it" in page.text
    assert claim.state == "pending"

    pages.post(
        f"/moderation/claims/{claim.id}",
        data={"decision": "refuse", "reason": "We could not find you on the staff page."},
    )
    assert (claim.state, claim.reason) == ("refused", "We could not find you on the staff page.")
    assert claim.user.organisation_id is None
    email = outbox()[-1]
    assert email.subject.endswith("was refused") and "We could not find you on the staff page." in email.body
    assert audit_actions(db, organisation) == ["claim-requested", "claim-refused"]
    # Decided once only.
    pages.post(f"/moderation/claims/{claim.id}", data={"decision": "approve"})
    assert claim.state == "refused" and claim.user.organisation_id is None


def test_an_organisation_with_members_cannot_be_claimed(pages, client, db, make, sign_in):
    organisation = make.organisation(name="Busy College")
    make.user(organisation=organisation)
    page = pages.get(f"/providers/{organisation.slug}/claim")
    assert "Busy College already has people who manage its listings" in page.text
    assert "Ask to join it instead" in page.text and "Create an account and ask to join" in page.text
    pages.post(f"/providers/{organisation.slug}/claim", data=claim_answers(), status=200)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OrganisationClaim)) == 0

    # Someone signed in without an organisation is offered to ask to join, which the members then decide.
    newcomer = make.user(organisation=None)
    sign_in(newcomer)
    assert (
        'action="/providers/' + organisation.slug + '/join"' in pages.get(f"/providers/{organisation.slug}/claim").html
    )
    client.post(f"/providers/{organisation.slug}/join")
    join = db.session.scalar(sa.select(JoinRequest))
    assert (join.user_id, join.organisation_id, join.state) == (newcomer.id, organisation.id, "pending")


def test_a_stranger_cannot_see_or_decide_claims(pages, client, db, make, sign_in):
    _organisation, claim = claimed(client, db, make)
    sign_in(make.user())  # a provider from another organisation
    pages.get("/moderation/claims", status=403)
    assert client.post(f"/moderation/claims/{claim.id}", data={"decision": "approve"}).status_code == 403
    client.post("/account/sign-out")
    response = client.post(f"/moderation/claims/{claim.id}", data={"decision": "approve"})
    assert response.status_code == 302 and "/account/sign-in" in response.headers["Location"]
    assert claim.state == "pending" and claim.user.organisation_id is None


def test_approval_is_stopped_when_someone_joined_meanwhile(pages, client, db, make, sign_in):
    organisation, claim = claimed(client, db, make)
    make.user(organisation=organisation)
    sign_in(make.user(role="moderator", organisation=None))
    review = pages.get(f"/moderation/claims/{claim.id}")
    assert "Bio College has members now" in review.text
    pages.post(f"/moderation/claims/{claim.id}", data={"decision": "approve"}, follow_redirects=True)
    assert claim.state == "pending" and claim.user.organisation_id is None


def test_a_signed_in_person_without_an_organisation_claims_with_two_questions(pages, client, db, make, sign_in):
    person = make.user(organisation=None)
    organisation = make.organisation()
    sign_in(person)
    page = pages.get(f"/providers/{organisation.slug}/claim")
    assert "Create an account" not in page.text and 'name="password"' not in page.html
    client.post(f"/providers/{organisation.slug}/claim", data={"role": "Head of science", "message": "Ask Sam."})
    claim = db.session.scalar(sa.select(OrganisationClaim))
    assert (claim.user_id, claim.organisation_id) == (person.id, organisation.id)
    # One claim at a time.
    other = make.organisation()
    assert "already asked to claim" in pages.get(f"/providers/{other.slug}/claim").text


def test_someone_waiting_to_join_an_organisation_cannot_also_claim_another(pages, db, make, sign_in):
    from directory.accounts.services import request_to_join

    person = make.user(organisation=None)
    request_to_join(person, make.organisation().id)
    sign_in(person)
    assert "already asked to join an organisation" in pages.get(f"/providers/{make.organisation().slug}/claim").text
