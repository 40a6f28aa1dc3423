"""Signing up: a new organisation, or a request to join one that a member or moderator approves."""

import sqlalchemy as sa

from directory.accounts.models import JoinRequest, User
from directory.listings.models import Organisation
from tests.accounts.conftest import GOOD_PASSWORD


def sign_up_data(**overrides):
    data = {
        "name": "Ada Lovelace",
        "email": "Ada@Example.ac.uk",
        "password": GOOD_PASSWORD,
        "organisation_choice": "new",
        "org_name": "Analytical College",
        "org_type": "college",
        "org_regions": ["london", "south-east"],
    }
    data.update(overrides)
    return data


def test_the_sign_up_page_offers_both_ways_in(pages):
    page = pages.get("/account/sign-up")
    assert page.h1 == "Create a provider account"
    assert "No, add my organisation" in page and "Yes, ask to join it" in page
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">' in page.html
    assert "Is your organisation already in the directory?" in page
    assert "Where does your organisation run provision?" in page


def test_signing_up_with_a_new_organisation_signs_in_as_its_provider(client, db, pages):
    response = client.post("/account/sign-up", data=sign_up_data())
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "ada@example.ac.uk"))
    assert user.role == "provider" and user.check_password(GOOD_PASSWORD)
    assert user.password_hash.startswith("$argon2")
    assert user.organisation.name == "Analytical College"
    assert user.organisation.regions == ["london", "south-east"]
    assert user.organisation.slug == "analytical-college"
    assert pages.get("/account/").h1 == "Your account"  # signed in


def test_an_invalid_sign_up_keeps_what_was_typed_and_links_each_error(pages):
    page = pages.post("/account/sign-up", data=sign_up_data(password="short", org_type="", org_regions=[]), status=200)
    assert page.title.startswith("Error: ")
    assert 'href="#password"' in page.html and 'href="#org_type"' in page.html and 'href="#org_regions"' in page.html
    assert "Password must be 12 characters or more" in page
    assert 'value="Ada Lovelace"' in page.html and 'value="Analytical College"' in page.html
    assert 'value="Ada@Example.ac.uk"' in page.html


def test_common_and_email_passwords_are_refused(pages):
    page = pages.post("/account/sign-up", data=sign_up_data(password="Password2024!"), status=200)
    assert "on a list of common passwords" in page
    page = pages.post("/account/sign-up", data=sign_up_data(password="ada@example.ac.uk!!"), status=200)
    assert "must not contain your email address" in page


def test_an_existing_email_or_organisation_name_is_refused(pages, make):
    make.user(email="taken@example.org")
    make.organisation(name="Analytical College")
    page = pages.post("/account/sign-up", data=sign_up_data(email="TAKEN@example.org"), status=200)
    assert "already in the directory" in page
    page = pages.post("/account/sign-up", data=sign_up_data(email="taken@example.org", org_name="Other"), status=200)
    assert "An account with this email address already exists" in page


def test_joining_waits_for_a_member_to_approve(client, db, make, outbox, sign_in):
    organisation = make.organisation(name="Big Pharma", website="https://www.bigpharma.example")
    member = make.user(organisation=organisation)
    moderator = make.user(role="moderator")
    response = client.post(
        "/account/sign-up",
        data=sign_up_data(
            email="new@bigpharma.example", organisation_choice="join", join_organisation=str(organisation.id)
        ),
    )
    assert response.headers["Location"].endswith("/account/waiting")
    newcomer = db.session.scalar(sa.select(User).where(User.email == "new@bigpharma.example"))
    assert newcomer.organisation_id is None  # not until someone approves
    assert {email.to for email in outbox()} == {member.email, moderator.email}

    client.post("/account/sign-out")
    sign_in(member)
    page = client.get("/account/join-requests").get_data(as_text=True)
    assert "Ada Lovelace wants to join Big Pharma" in page
    assert "Their email address is at the organisation's web domain" in page
    join = db.session.scalar(sa.select(JoinRequest))
    assert client.post(f"/account/join-requests/{join.id}", data={"decision": "approve"}).status_code == 302
    db.session.refresh(newcomer)
    assert newcomer.organisation_id == organisation.id
    assert outbox()[-1].to == "new@bigpharma.example" and "approved" in outbox()[-1].subject


def test_a_member_of_another_organisation_cannot_approve(client, db, make, sign_in):
    organisation = make.organisation()
    outsider = make.user()
    newcomer = make.user(organisation=None, organisation_id=None)
    join = JoinRequest(user=newcomer, organisation=organisation)
    db.session.add(join)
    db.session.commit()
    sign_in(outsider)
    assert "wants to join" not in client.get("/account/join-requests").get_data(as_text=True)
    assert client.post(f"/account/join-requests/{join.id}", data={"decision": "approve"}).status_code == 404
    db.session.refresh(newcomer)
    assert newcomer.organisation_id is None and join.state == "pending"


def test_a_tampered_organisation_choice_is_refused(pages, db):
    page = pages.post(
        "/account/sign-up", data=sign_up_data(organisation_choice="join", join_organisation="999"), status=200
    )
    assert "Select your organisation" in page
    page = pages.post("/account/sign-up", data=sign_up_data(organisation_choice="admin"), status=200)
    assert "Select if your organisation is already in the directory" in page
    page = pages.post("/account/sign-up", data=sign_up_data(org_regions=["atlantis"]), status=200)
    assert "Select regions from the list" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0
