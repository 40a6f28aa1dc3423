"""Random, unicode, oversized and missing values at the claim, refusal and "ask the directory team" forms: never a
5xx, and on an error every typed value comes back (see test_forms_fuzz for the rules)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.accounts.test_forms_fuzz import FUZZ, check_answer, emails, form_data, text


@pytest.fixture
def organisation(make):
    return make.organisation()


@FUZZ
@given(data=form_data(name=text, email=emails, password=text, role=text, message=text))
def test_claim(client, organisation, data):
    check_answer(
        client.post(f"/providers/{organisation.slug}/claim", data=data), data, ("name", "email", "role", "message")
    )


@pytest.fixture
def listing(make):
    return make.listing()


@pytest.fixture
def claim_as_moderator(make, sign_in):
    """A pending claim, and the client signed in as a moderator (once for all examples: a decided claim only
    redirects, which the test accepts as well)."""
    from directory.accounts.claims import request_claim

    claim = request_claim(make.user(organisation=None), make.organisation(), role="Tutor", message="Ask Sam.")
    sign_in(make.user(role="moderator", organisation=None))
    return claim


@FUZZ
@given(data=form_data(name=text, email=emails, question=text))
def test_ask(client, listing, data):
    check_answer(client.post(f"/listings/{listing.slug}/ask", data=data), data, ("name", "email", "question"))


@FUZZ
@given(data=form_data(decision=st.one_of(st.sampled_from(["approve", "refuse"]), text), reason=text))
def test_refuse(client, claim_as_moderator, data):
    check_answer(client.post(f"/moderation/claims/{claim_as_moderator.id}", data=data), data, ("reason",))


@FUZZ
@given(slug=text, kind=st.sampled_from(["claim", "join"]))
def test_any_provider_address(client, slug, kind):
    assert client.get(f"/providers/{slug}/{kind}").status_code < 500
    assert client.post(f"/providers/{slug}/{kind}").status_code < 500
