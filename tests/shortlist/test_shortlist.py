"""The shortlist: add and remove with and without JavaScript, the 50 limit, clear, share read-only, email it."""

from __future__ import annotations

import re

import pytest

from directory.shortlist import store


def shortlist_ids(client) -> list[int]:
    """What the browser's shortlist cookie holds, read as the site reads it."""
    cookie = client.get_cookie(store.COOKIE)
    if cookie is None:
        return []
    from itsdangerous import URLSafeSerializer

    return URLSafeSerializer("test-secret", salt="shortlist").loads(cookie.value)


def test_a_listing_page_offers_a_plain_form_button_that_posts_and_comes_back(client, pages, make):
    listing = make.listing(title="Lab skills course")
    page = pages.get(f"/listings/{listing.slug}")
    assert 'form method="post" action="/shortlist" id="shortlist-form"' in page.html
    assert 'form="shortlist-form"' in page.html and f'name="add" value="{listing.id}"' in page.html
    assert "Add to shortlist : Lab skills course" in page
    response = client.post("/shortlist", data={"add": listing.id, "next": f"/listings/{listing.slug}"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/listings/{listing.slug}#shortlist-{listing.id}"
    assert shortlist_ids(client) == [listing.id]
    again = pages.get(f"/listings/{listing.slug}")
    assert "Remove from shortlist : Lab skills course" in again and f'name="remove" value="{listing.id}"' in again.html
    assert "<span data-shortlist-count>1</span>" in again.html


def test_the_cookie_is_signed_kept_90_days_and_apart_from_the_session(app, client, make):
    listing = make.listing()
    response = client.post("/shortlist", data={"add": listing.id})
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("shortlist="))
    assert f"Max-Age={90 * 24 * 3600}" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    forger = app.test_client()
    forger.set_cookie(store.COOKIE, f"[{listing.id}]")  # hand-written, unsigned: read as an empty shortlist
    assert "Your shortlist is empty" in forger.get("/shortlist").get_data(as_text=True)


def test_signing_out_keeps_the_shortlist(client, make, sign_in):
    listing = make.listing()
    client.post("/shortlist", data={"add": listing.id})
    sign_in(make.user())
    assert client.post("/account/sign-out").status_code == 302
    assert shortlist_ids(client) == [listing.id]


def test_with_javascript_the_answer_is_json_with_the_sentence_to_announce(client, make):
    listing = make.listing(title="Bioinformatics bootcamp")
    headers = {"Accept": "application/json"}
    added = client.post("/shortlist", data={"add": listing.id}, headers=headers).get_json()
    assert added == {
        "outcome": "added",
        "shortlisted": True,
        "count": 1,
        "message": "Added “Bioinformatics bootcamp” to your shortlist. It has 1 listing.",
    }
    again = client.post("/shortlist", data={"add": listing.id}, headers=headers).get_json()
    assert again["outcome"] == "already" and again["count"] == 1
    removed = client.post("/shortlist", data={"remove": listing.id}, headers=headers).get_json()
    assert removed["shortlisted"] is False and removed["count"] == 0
    assert removed["message"] == "Removed “Bioinformatics bootcamp” from your shortlist. It has 0 listings."


def test_the_shortlist_holds_50_and_says_when_it_is_full(client, make):
    organisation = make.organisation()
    listings = [make.listing(organisation=organisation) for _ in range(51)]
    for listing in listings[:50]:
        client.post("/shortlist", data={"add": listing.id})
    full = client.post("/shortlist", data={"add": listings[50].id}, headers={"Accept": "application/json"})
    assert full.get_json()["outcome"] == "full" and "full (50 listings)" in full.get_json()["message"]
    assert shortlist_ids(client) == [listing.id for listing in listings[:50]]
    page = client.get("/shortlist").get_data(as_text=True)
    assert "50 listings (you can keep up to 50)" in page


def test_the_shortlist_page_lists_removes_and_clears(client, pages, make):
    first, second = make.listing(title="First course"), make.listing(title="Second course")
    for listing in (first, second):
        client.post("/shortlist", data={"add": listing.id})
    page = pages.get("/shortlist")
    assert page.h1 == "Your shortlist" and "First course" in page and "Second course" in page
    assert "Remove from shortlist : First course" in page
    response = client.post("/shortlist", data={"remove": first.id, "next": "/shortlist"})
    assert response.headers["Location"] == f"/shortlist#shortlist-{first.id}"
    assert shortlist_ids(client) == [second.id]
    client.post("/shortlist/clear")
    assert client.get_cookie(store.COOKIE) is None
    assert "Your shortlist is empty" in pages.get("/shortlist")


def test_listings_no_longer_public_are_not_shown_and_unknown_ones_cannot_be_added(client, pages, make, db):
    kept, withdrawn = make.listing(title="Still here"), make.listing(title="Withdrawn course")
    for listing in (kept, withdrawn):
        client.post("/shortlist", data={"add": listing.id})
    withdrawn.status = "archived"
    db.session.commit()
    page = pages.get("/shortlist")
    assert "Still here" in page and "Withdrawn course" not in page
    assert "1 listing you saved is no longer in the directory" in page
    assert client.post("/shortlist", data={"add": 999999}).status_code == 404
    assert client.post("/shortlist", data={"add": "x"}).status_code == 400
    assert client.post("/shortlist", data={"next": "/"}).status_code == 400


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\\evil.example",
        "https://evil.example",
        "javascript:alert(1)",
        "evil.example",
        "/\x7f/x",
        "/" + "a" * 2001,
    ],
)
def test_next_only_goes_back_to_this_site(client, make, target):
    listing = make.listing()
    response = client.post("/shortlist", data={"add": listing.id, "next": target})
    assert response.headers["Location"] == f"/shortlist#shortlist-{listing.id}"


def test_next_goes_back_to_a_path_on_this_site_with_its_query(client, make):
    listing = make.listing()
    response = client.post("/shortlist", data={"add": listing.id, "next": "/search?q=lab&region=london"})
    assert response.headers["Location"] == f"/search?q=lab&region=london#shortlist-{listing.id}"


def test_search_results_each_have_the_button_outside_the_search_form(client, pages, make, reindex):
    listing = make.listing(title="Clinical trials short course")
    reindex()
    page = pages.get("/search?q=clinical")
    assert f'id="shortlist-{listing.id}"' in page.html and 'form="shortlist-form"' in page.html
    search_form = page.html.split('id="search-form"')[1].split("</form>")[0]
    assert "<form" not in search_form  # forms cannot nest: the buttons name the shortlist form instead
    assert '<input type="hidden" name="next" value="/search?q=clinical">' in page.html


def test_the_share_link_opens_read_only_for_anyone(app, client, pages, make):
    first, second = make.listing(title="First course"), make.listing(title="Second course")
    for listing in (first, second):
        client.post("/shortlist", data={"add": listing.id})
    share = re.search(
        r'href="(http://127\.0\.0\.1:5000/shortlist/shared\?ids=[^"]+)"',
        client.get("/shortlist").get_data(as_text=True),
    ).group(1)
    stranger = app.test_client()
    assert share.endswith(f"?ids={first.id},{second.id}")
    page = pages.__class__(stranger).get(share.replace("http://127.0.0.1:5000", ""))
    assert page.h1 == "A shared shortlist" and "First course" in page and "Second course" in page
    assert "Remove from shortlist" not in page and "Add to shortlist" not in page
    assert page.link_to("Compare these listings side by side") == f"/compare?ids={first.id},{second.id}"
    assert stranger.get_cookie(store.COOKIE) is None  # opening it changed nobody's shortlist


@pytest.mark.parametrize("ids", ["", "abc", "1,,2", "-1", "99999999999", "1;DROP"])
def test_a_malformed_share_link_is_a_clear_error(pages, ids):
    page = pages.get(f"/shortlist/shared?ids={ids}", status=400)
    assert page.h1 == "Sorry, there is a problem with your request"


def test_email_this_shortlist_goes_through_the_outbox(client, pages, make, outbox):
    listing = make.listing(title="Genomics course")
    client.post("/shortlist", data={"add": listing.id})
    response = client.post("/shortlist/email", data={"email": "me@example.org"})
    assert response.headers["Location"] == "/shortlist/emailed"
    [email] = outbox()
    assert email.to == "me@example.org" and email.subject == "Your shortlist from the Life Sciences Skills Directory"
    assert "Genomics course" in email.body and f"http://127.0.0.1:5000/listings/{listing.slug}" in email.body
    assert f"http://127.0.0.1:5000/shortlist/shared?ids={listing.id}" in email.body


def test_one_address_gets_at_most_three_shortlists_a_day_from_anyone(client, pages, db, make, outbox):
    from datetime import timedelta

    client.post("/shortlist", data={"add": make.listing(title="Genomics course").id})
    for address in ("them@example.org", "Them@Example.org", "them@example.org"):
        assert client.post("/shortlist/email", data={"email": address}).status_code == 303
    page = pages.post("/shortlist/email", data={"email": "THEM@example.org"}, status=429)
    assert page.title.startswith("Error: ") and 'href="#email"' in page.html and 'value="THEM@example.org"' in page.html
    assert "already sent 3 shortlists to this email address in the last 24 hours" in page.text
    assert len(outbox()) == 3
    assert client.post("/shortlist/email", data={"email": "someone@example.org"}).status_code == 303
    for email in outbox():  # a day later
        email.created_at -= timedelta(hours=24, minutes=1)
    db.session.commit()
    assert client.post("/shortlist/email", data={"email": "them@example.org"}).status_code == 303
    assert len(outbox()) == 5


def test_email_this_shortlist_needs_a_real_address(client, pages, make, outbox):
    client.post("/shortlist", data={"add": make.listing().id})
    page = pages.post("/shortlist/email", data={"email": "not an address"}, status=200)
    assert page.title.startswith("Error: ") and "Enter email address in the correct format" in page.text
    assert 'href="#email"' in page.html and outbox() == []
