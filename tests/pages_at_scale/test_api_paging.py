"""API lists page through an indexed sort key: by page number, or by the cursor in a page's Link header, which
stays right while services are added before it; a cursor the API did not give is a 400, never a 500."""

from __future__ import annotations

import base64
import functools
import json
import operator
import re

import pytest

from directory.listings.indexing import reconcile

SITE = "http://127.0.0.1:5000"


def next_link(response) -> str | None:
    match = re.fullmatch(r'<([^>]+)>; rel="next"', response.headers.get("Link", ""))
    return match.group(1).removeprefix(SITE) if match else None


def titles(response) -> list[str]:
    return [item["name"] for item in response.get_json()["contents"]]


@pytest.fixture
def ten(make):
    return [make.listing(title=f"Course {letter}") for letter in "ABCDEFGHIJ"]


def test_following_cursors_walks_every_service_once_in_order(client, ten):
    seen, url, numbers = [], "/api/v1/services?per_page=3&minimal=true", []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = response.get_json()
        seen += titles(response)
        numbers.append((body["page_number"], body["total_items"], body["last_page"]))
        url = next_link(response)
        assert ("minimal=true" in url and "per_page=3" in url) if url else body["last_page"]
    assert seen == [f"Course {letter}" for letter in "ABCDEFGHIJ"]
    assert numbers == [(1, 10, False), (2, 10, False), (3, 10, False), (4, 10, True)]


def test_a_cursor_stays_put_when_services_are_added_before_it(client, make, ten):
    first = client.get("/api/v1/services?per_page=4")
    cursor_url = next_link(first)
    make.listing(title="Course AA")  # sorts before the cursor: page numbers would shift, the cursor does not
    make.listing(title="Course EE")  # after it: turns up in its place
    reconcile()  # a new index version: counts are made afresh
    second = client.get(cursor_url)
    assert titles(second)[:3] == ["Course E", "Course EE", "Course F"]
    assert second.get_json()["total_items"] == 12
    by_number = client.get("/api/v1/services?per_page=4&page=2")
    assert titles(by_number)[0] == "Course D"  # what a page number does instead


def test_page_numbers_still_work_and_agree_with_cursors(client, ten):
    by_cursor = client.get(next_link(client.get("/api/v1/services?per_page=4")))
    by_number = client.get("/api/v1/services?per_page=4&page=2")
    assert titles(by_cursor) == titles(by_number) == ["Course E", "Course F", "Course G", "Course H"]
    assert client.get("/api/v1/services?per_page=4&page=9").get_json()["contents"] == []


def test_organisations_page_by_cursor_too(client, make):
    for name in ("Beta", "Alpha", "Gamma"):
        make.listing(organisation=make.organisation(name=name))
    first = client.get("/api/v1/organizations?per_page=2")
    assert [item["name"] for item in first.get_json()["contents"]] == ["Alpha", "Beta"]
    rest = client.get(next_link(first))
    assert [item["name"] for item in rest.get_json()["contents"]] == ["Gamma"] and next_link(rest) is None


def _cursor(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "after",
    [
        "nonsense",
        "",
        "====",
        "%00",
        "a" * 2000,
        _cursor({"a": 1}),
        _cursor(["x", 1]),
        _cursor(["x", "1", 2]),
        _cursor(["x", 1, 1]),
        _cursor(["x", 0, 2]),
        _cursor(["x", 2**40, 2]),
        _cursor([1, 1, 2]),
        _cursor(["x", True, 2]),
        _cursor(["\u0000", 1, 2]),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_a_cursor_the_api_did_not_give_is_a_400(client, ten, after):
    response = client.get("/api/v1/services", query_string={"after": after})
    assert response.status_code == 400
    assert response.get_json()["parameter"] == "after"


def test_page_and_cursor_together_are_a_400(client, ten):
    cursor = next_link(client.get("/api/v1/services?per_page=2")).split("after=")[1]
    response = client.get(f"/api/v1/services?after={cursor}&page=2")
    assert response.status_code == 400 and "not both" in response.get_json()["message"]


@pytest.mark.postgres
def test_cursors_walk_every_service_on_postgresql(pg_app):
    from directory.extensions import db
    from tests.factories import Factories

    make = Factories(db)
    for title in ("beta", "Alpha", "alpha", "Beta", "gamma"):  # the database's collation orders them, as for page=
        make.listing(title=title)
    client = pg_app.test_client()
    by_number = [titles(client.get(f"/api/v1/services?per_page=2&page={n}")) for n in (1, 2, 3)]
    seen, url = [], "/api/v1/services?per_page=2"
    while url:
        response = client.get(url)
        seen.append(titles(response))
        url = next_link(response)
    assert seen == by_number and sorted(functools.reduce(operator.iadd, seen, [])) == sorted(
        ["beta", "Alpha", "alpha", "Beta", "gamma"]
    )
    assert by_number[2][0] not in functools.reduce(operator.iadd, by_number[:2], [])  # pages do not overlap


def test_service_at_location_pages_split_a_listings_entries_and_read_only_their_listings(client, make):
    both = make.listing(title="B both", postcode="NW1 1AT", address="1 Midland Road", delivery=["online"])
    make.listing(title="A address", postcode="M1 1AD", address="2 Oxford Road", delivery=["in-person"])
    make.listing(title="C online", postcode="", address="", delivery=["blended"])
    make.listing(title="D neither", postcode="", address="", delivery=["in-person"])
    pages = [client.get(f"/api/v1/service_at_locations?per_page=2&page={n}").get_json() for n in (1, 2, 3)]
    assert [page["total_items"] for page in pages] == [4, 4, 4]
    kinds = [[entry["location"]["location_type"] for entry in page["contents"]] for page in pages]
    assert kinds == [["physical", "physical"], ["virtual", "virtual"], []]
    assert pages[0]["contents"][1]["id"] == both.address_entry_uuid
    assert pages[1]["contents"][0]["id"] == both.online_entry_uuid
    lines = client.get("/api/v1/service_at_locations?format=ndjson").get_data(as_text=True).splitlines()
    assert [json.loads(line) for line in lines] == [entry for page in pages for entry in page["contents"]]
