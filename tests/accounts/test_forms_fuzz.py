"""Random, unicode, oversized and missing values at every account and public form: never a 5xx, nothing lost.

On a validation error every value typed into a text box or text area comes back in the form (tidied by the text
policy, as the forms do). Passwords are deliberately never sent back, and a value
outside a select's options cannot be shown as one of them, so those are not checked.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from directory import taxonomy
from directory.accounts.tokens import make_reset_token
from directory.forms import text_problem, tidy_text

FUZZ = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

text = st.one_of(
    st.text(max_size=40),
    st.text(min_size=3000, max_size=8000),
    st.sampled_from(
        [
            "",
            "   ",
            "a@b.co",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "\x00",
            "名前",
            "é" * 300,
            "line\x1eseparator\x85and\u2028more",
        ]
    ),
)
emails = st.one_of(text, st.emails().map(str))


TEXT_AREAS = {"problem", "message", "details", "question", "reason"}  # here and in test_claims_fuzz.py


def choice(codes):
    return st.one_of(st.sampled_from(list(codes)), text)


def form_data(**fields):
    return st.fixed_dictionaries({}, optional=fields)


def visible(value, one_line: bool) -> str | None:
    """What the form keeps of a value under the site's text policy (directory.forms): NFC, Unicode line separators
    as line breaks (or, in a one-line text box, line breaks as spaces), trimmed; None when the policy refuses it
    (the value then comes back as typed, beside the error)."""
    kept = tidy_text(value, one_line)
    return None if text_problem(kept, "Value", one_line) else kept


def check_answer(response, data: dict, echoed: tuple[str, ...]) -> None:
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    html = response.get_data(as_text=True)
    if response.status_code == 200 and "govuk-error-summary" in html:
        assert "<title>Error: " in html
        for name in echoed:
            value = visible(data.get(name, ""), one_line=name not in TEXT_AREAS)
            if value:
                assert str(escape(value)) in html, f"{name} was not echoed back"


SIGN_UP = form_data(
    name=text,
    email=emails,
    password=text,
    organisation_choice=choice(["new", "join"]),
    org_name=text,
    org_type=choice(taxonomy.ORGANISATION_TYPES.codes()),
    org_regions=st.lists(choice(taxonomy.REGIONS.codes()), max_size=3),
    join_organisation=text,
)


@FUZZ
@given(data=SIGN_UP)
def test_sign_up(app, client, data):
    check_answer(client.post("/account/sign-up", data=data), data, ("name", "email", "org_name"))


@FUZZ
@given(data=form_data(email=emails, password=text))
def test_sign_in(client, data):
    check_answer(client.post("/account/sign-in", data=data), data, ("email",))


@FUZZ
@given(data=form_data(email=emails))
def test_forgotten_password(client, data):
    check_answer(client.post("/account/forgotten-password", data=data), data, ("email",))


@pytest.fixture
def reset_url(make):
    return f"/account/reset-password/{make_reset_token(make.user())}"


@FUZZ
@given(data=form_data(password=text))
def test_reset_password(client, reset_url, data):
    check_answer(client.post(reset_url, data=data), data, ())


@pytest.fixture
def listing(make):
    return make.listing(seeks_partners=True)


@FUZZ
@given(data=form_data(problem=text, email=emails, website=st.sampled_from(["", "", "", "x"])))
def test_report(client, listing, data):
    check_answer(client.post(f"/listings/{listing.slug}/report", data=data), data, ("problem", "email"))


@FUZZ
@given(data=form_data(name=text, organisation=text, email=emails, message=text))
def test_enquire(client, listing, data):
    check_answer(
        client.post(f"/listings/{listing.slug}/enquire", data=data), data, ("name", "organisation", "email", "message")
    )


@FUZZ
@given(data=form_data(resource_name=text, resource_url=text, details=text, email=emails))
def test_suggest(client, data):
    check_answer(client.post("/suggest", data=data), data, ("resource_name", "resource_url", "details", "email"))


@FUZZ
@given(slug=text, kind=st.sampled_from(["report", "enquire", "report/sent", "enquire/sent"]))
def test_any_listing_address(client, slug, kind):
    assert client.get(f"/listings/{slug}/{kind}").status_code < 500
