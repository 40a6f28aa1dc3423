"""Organisation names are unique after normalisation (case, spaces, punctuation): at sign-up, at profile edit, and
under simultaneous sign-ups on PostgreSQL (the unique name_key decides)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import g

from directory.accounts import services
from directory.extensions import db
from directory.listings.models import Organisation, organisation_name_key
from directory.submissions import identity
from tests.harden.test_races import run_together


def test_the_key_ignores_case_spaces_and_punctuation():
    assert organisation_name_key("N.H.S.  Trust") == organisation_name_key("nhs-trust") == "nhstrust"
    assert organisation_name_key("  ...  ") is None


def test_sign_up_refuses_a_look_alike_name(client, make):
    make.organisation(name="NHS")
    html = client.post(
        "/account/sign-up",
        data={
            "name": "Mallory",
            "email": "m@example.org",
            "password": "plum tractor mosaic harbour",
            "organisation_choice": "new",
            "org_name": "n.h.s.",
            "org_type": "nhs",
            "org_regions": ["london"],
        },
    ).get_data(as_text=True)
    assert "An organisation with this name is already in the directory" in html


def test_a_profile_edit_cannot_take_another_organisations_name(client, make):
    make.organisation(name="NHS England")
    user = make.user(role="provider")
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
    g.pop("_login_user", None)
    original = user.organisation.name
    html = client.post(
        "/dashboard/organisation",
        data={"name": "nhs   ENGLAND", "description": "About", "org_type": "college", "regions": ["london"]},
    ).get_data(as_text=True)
    assert "Another organisation in the directory already has this name" in html
    db.session.expire_all()
    assert db.session.get(Organisation, user.organisation_id).name == original


@pytest.mark.postgres
def test_six_simultaneous_sign_ups_make_one_organisation(pg_app):
    def sign_up(n):
        return lambda: (
            services.create_account(
                name=f"Person {n}",
                email=f"p{n}@example.org",
                password="plum tractor mosaic harbour",
                new_organisation={
                    "name": "Brand New Bio Ltd" if n % 2 else "brand new bio, ltd.",
                    "org_type": "company",
                    "regions": ["london"],
                },
            ).id
        )

    outcomes = run_together(pg_app, [sign_up for _ in range(6)])
    assert sorted(kind for kind, _ in outcomes) == ["AccountError"] * 5 + ["ok"], outcomes
    count = db.session.scalar(
        sa.select(sa.func.count()).select_from(Organisation).where(Organisation.name_key == "brandnewbioltd")
    )
    assert count == 1


def _signed_in(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
    g.pop("_login_user", None)


PROFILE = {"description": "New description", "org_type": "college", "regions": ["london"]}


def test_a_published_organisations_new_name_and_website_wait_for_a_moderator(client, make):
    listing = make.listing()
    organisation = listing.organisation
    old_name, old_website = organisation.name, organisation.website
    provider = make.user(role="provider", organisation=organisation)
    _signed_in(client, provider)
    response = client.post(
        "/dashboard/organisation",
        data={**PROFILE, "name": "NHS", "website": "https://www.nhs.uk"},
        follow_redirects=True,
    )
    assert "will go live when a moderator approves them" in response.get_data(as_text=True)
    db.session.expire_all()
    organisation = db.session.get(Organisation, organisation.id)
    assert (organisation.name, organisation.website) == (old_name, old_website), "the old values stay live"
    assert organisation.description == "New description", "other fields go live at once"
    assert old_name in client.get(f"/listings/{listing.slug}").get_data(as_text=True)

    _signed_in(client, make.user(role="moderator", organisation=None))
    queue = client.get("/moderation").get_data(as_text=True)
    assert "Organisation name and website changes" in queue and "NHS" in queue
    change = identity.pending_for(organisation)
    client.post(f"/moderation/identity-changes/{change.id}", data={"decision": "approve"})
    db.session.expire_all()
    organisation = db.session.get(Organisation, organisation.id)
    assert (organisation.name, organisation.website) == ("NHS", "https://www.nhs.uk")
    again = client.post(
        f"/moderation/identity-changes/{change.id}", data={"decision": "reject", "reason": "No"}, follow_redirects=True
    )
    assert "already approved" in again.get_data(as_text=True)


def test_a_rejected_change_leaves_the_organisation_as_it_was(client, make):
    organisation = make.listing().organisation
    old_name = organisation.name
    _signed_in(client, make.user(role="provider", organisation=organisation))
    client.post("/dashboard/organisation", data={**PROFILE, "name": "Someone Else"})
    change = identity.pending_for(organisation)
    _signed_in(client, make.user(role="moderator", organisation=None))
    client.post(f"/moderation/identity-changes/{change.id}", data={"decision": "reject", "reason": "Not yours"})
    db.session.expire_all()
    assert db.session.get(Organisation, organisation.id).name == old_name
    assert identity.pending_for(organisation) is None


def test_an_unpublished_organisation_renames_itself_at_once(client, make):
    provider = make.user(role="provider")
    _signed_in(client, provider)
    client.post("/dashboard/organisation", data={**PROFILE, "name": "Fresh Name Ltd"})
    db.session.expire_all()
    assert db.session.get(Organisation, provider.organisation_id).name == "Fresh Name Ltd"
