"""One text policy for every input (directory/forms.py): what it tidies, what it refuses and where; XML outputs that
parse whatever the database holds; and random Unicode at the forms, the CSV upload and the API."""

from __future__ import annotations

import io
import secrets
import xml.etree.ElementTree as ElementTree

import pytest
from flask import g
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.forms import text_problem, tidy_text
from directory.listings import indexing

NASTY = ["\ufffe", "\uffff", "\ufdd0", "\u202e", "\u2066", "\x85", "\x00", "\x1b", "e\u0301", "\u2028", "\U0010fffe"]


@pytest.fixture
def provider(app, client, make):
    user = make.user(role="provider", name="Priya Provider")
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
    g.pop("_login_user", None)
    return user


@pytest.mark.parametrize(
    "value, one_line, problem",
    [
        ("Lab \ufffe course", True, "must not contain characters that are not text"),
        ("Lab \ud800 course", False, "must not contain characters that are not text"),
        ("Lab \U0001ffff course", False, "must not contain characters that are not text"),
        ("NHS\u202e", True, "must not contain characters that change the direction of text"),
        ("\u2067Arabic\u2069", True, "must not contain characters that change the direction of text"),
        ("Tab\x85next", False, "must not contain invisible control characters"),
        ("Bell\x07", False, "must not contain invisible control characters"),
    ],
)
def test_the_policy_refuses(value, one_line, problem):
    assert problem in text_problem(value, "Title", one_line)


def test_the_policy_tidies_and_allows_ordinary_text():
    assert tidy_text("  Cafe\u0301\u2028Two  ") == "Café\nTwo"
    assert tidy_text("One\r\nline", one_line=True) == "One line"
    assert text_problem("عربي\u202e in a description", "Description") is None
    assert text_problem("Ümlaut ✓ 漢字 🧬\tand a tab\nand a line", "Description") is None


def test_a_listing_title_with_a_noncharacter_is_refused_with_the_value_kept(client, provider):
    page = client.post("/dashboard/listings/new", data={"title": "Lab\ufffe course", "action": "draft"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Title must not contain characters that are not text" in html


def test_the_profile_refuses_direction_overrides_and_unsafe_contacts(client, provider):
    data = {
        "name": "NHS\u202e",
        "description": "About us",
        "org_type": "college",
        "regions": ["london"],
        "website": 'https://evil.example/"onmouseover=alert(1)',
        "email": "<svg/onload=alert(1)>@evil.example",
    }
    html = client.post("/dashboard/organisation", data=data).get_data(as_text=True)
    assert "Organisation name must not contain characters that change the direction of text" in html
    assert "Website must be a full web address" in html
    assert "Enter email address in the correct format" in html


def test_sign_up_refuses_a_script_in_the_email(client):
    html = client.post("/account/sign-up", data={"name": "A", "email": "<svg/onload=x>@evil.example"}).get_data(
        as_text=True
    )
    assert "Enter your email address in the correct format" in html or "in the correct format" in html


def test_the_api_drops_refused_characters_from_a_search_and_refuses_one_too_long(client, make):
    make.listing(title="Genomics course")
    from directory.listings.indexing import reconcile

    reconcile()
    response = client.get("/api/v1/services?search=geno%EF%BF%BEmics")  # U+FFFE inside the word is dropped
    assert response.status_code == 200 and response.get_json()["total_items"] == 1
    assert client.get("/api/v1/services?search=" + "a" * 201).status_code == 400


def test_the_feed_and_sitemap_parse_whatever_the_database_holds(client, make):
    organisation = make.organisation(name="Bad \ufffe\x01 Org")
    make.listing(organisation=organisation, title="Title \uffff\x0b with junk", summary="\x00 summary")
    indexing.rebuild()
    assert b"with junk" in client.get("/search.atom").data
    for url in ("/search.atom", "/sitemap.xml"):
        ElementTree.fromstring(client.get(url).data)


FUZZ = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
unicode_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(NASTY),
    st.lists(st.sampled_from([*NASTY, "a", " ", "Lab"]), max_size=6).map("".join),
)


@FUZZ
@given(title=unicode_text, name=unicode_text, email=unicode_text, search=unicode_text, cell=unicode_text)
def test_random_unicode_never_gives_a_5xx_and_the_feed_still_parses(
    client, provider, make, title, name, email, search, cell
):
    answers = [
        client.post("/dashboard/listings/new", data={"title": title, "summary": name, "action": "draft"}),
        client.post(
            "/dashboard/organisation",
            data={
                "name": name,
                "description": title,
                "org_type": "college",
                "regions": ["london"],
                "website": email,
                "email": email,
            },
        ),
        client.post(
            "/dashboard/upload",
            content_type="multipart/form-data",
            data={"file": (io.BytesIO(f"title,summary\n{cell},{title}\n".encode("utf-8", "replace")), "f.csv")},
        ),
        client.get("/api/v1/services", query_string={"search": search}),
        client.get("/search", query_string={"q": search}),
        client.post("/account/sign-in", data={"email": email, "password": title}),
        client.post("/suggest", data={"name": name, "email": email, "details": title}),
    ]
    assert [answer.status_code for answer in answers if answer.status_code >= 500] == []
    g.pop("_login_user", None)
    make.listing(
        title=f"Listing {title}",
        organisation=make.organisation(name=f"Org {name} {secrets.token_hex(4)}"),
        summary=cell,
    )  # a random tail: two drawn names may normalise to one
    indexing.reconcile()
    ElementTree.fromstring(client.get("/search.atom").data)
    ElementTree.fromstring(client.get("/sitemap.xml").data)
