"""Any search can be taken away as CSV or JSON with the page's own filters, and followed as an Atom feed."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest

from directory.api.exports import safe_cell

ATOM = {"a": "http://www.w3.org/2005/Atom"}


@pytest.fixture
def listings(make, reindex):
    made = {
        "nw_apprenticeship": make.listing(
            title="Lab apprenticeship in Manchester",
            region="north-west",
            provision_type="apprenticeship",
            updated_at=datetime(2026, 5, 1),
        ),
        "nw_bootcamp": make.listing(
            title="Data bootcamp in Liverpool",
            region="north-west",
            provision_type="skills-bootcamp",
            updated_at=datetime(2026, 6, 1),
        ),
        "london_apprenticeship": make.listing(
            title="Lab apprenticeship in London",
            region="london",
            provision_type="apprenticeship",
            updated_at=datetime(2026, 7, 1),
        ),
        "uk_apprenticeship": make.listing(
            title="National apprenticeship",
            region="uk-wide",
            provision_type="apprenticeship",
            updated_at=datetime(2026, 8, 1),
        ),
        "draft": make.listing(title="Draft apprenticeship", region="north-west", status="draft"),
    }
    reindex()
    return made


def titles_on_search_page(client, query: str) -> set[str]:
    html = client.get(f"/search?{query}").get_data(as_text=True)
    return {
        title
        for title in (
            "Lab apprenticeship in Manchester",
            "Data bootcamp in Liverpool",
            "Lab apprenticeship in London",
            "National apprenticeship",
            "Draft apprenticeship",
        )
        if title in html
    }


@pytest.mark.parametrize(
    "query",
    [
        "type=apprenticeship&region=north-west",
        "q=lab",
        "region=london",
        "type=apprenticeship&type=skills-bootcamp&region=north-west&page=2&sort=title",
        "",
        "type=nonsense",
    ],
)
def test_csv_and_json_hold_what_the_search_page_lists(client, listings, query):
    on_page = titles_on_search_page(client, query.replace("page=2", "page=1"))
    response = client.get(f"/search.csv?{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert {row["title"] for row in rows} == on_page
    body = json.loads(client.get(f"/search.json?{query}").get_data(as_text=True))
    assert {item["title"] for item in body["listings"]} == on_page and body["total"] == len(on_page)
    assert body["licence"] == "Creative Commons Attribution 4.0 International (CC BY 4.0)"


def test_the_feed_follows_a_search_newest_first(client, listings):
    response = client.get("/search.atom?type=apprenticeship&region=north-west")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.find("a:title", ATOM).text.startswith("Apprenticeship in North West")
    entries = [e.find("a:title", ATOM).text for e in feed.findall("a:entry", ATOM)]
    assert entries == ["National apprenticeship", "Lab apprenticeship in Manchester"]
    first = feed.find("a:entry", ATOM)
    assert first.find("a:id", ATOM).text.startswith("urn:uuid:")
    assert (
        first.find("a:link", ATOM).get("href") == f"http://127.0.0.1:5000/listings/{listings['uk_apprenticeship'].slug}"
    )
    assert feed.find("a:updated", ATOM).text == "2026-08-01T00:00:00Z"
    self_link = feed.find("a:link[@rel='self']", ATOM).get("href")
    assert self_link == "http://127.0.0.1:5000/search.atom?region=north-west&type=apprenticeship", "canonical order"


def test_the_search_page_links_to_its_downloads_and_feed(pages, listings):
    page = pages.get("/search?type=apprenticeship&region=north-west&page=1")
    assert page.link_to("a spreadsheet (CSV)") == "/search.csv?region=north-west&type=apprenticeship"
    assert page.link_to("JSON") == "/search.json?region=north-west&type=apprenticeship"
    assert page.link_to("follow this search as a feed") == "/search.atom?region=north-west&type=apprenticeship"


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Plain text", "Plain text"),
        (["=a", "b"], "'=a; b"),
    ],
)
def test_csv_cells_cannot_become_formulas(value, expected):
    assert safe_cell(value) == expected


def test_a_hostile_title_is_defused_in_the_csv(client, make, reindex):
    make.listing(title="=cmd|' /C calc'!A0", summary="@risk")
    reindex()
    text = client.get("/search.csv").get_data(as_text=True)
    row = next(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert row["title"] == "'=cmd|' /C calc'!A0" and row["summary"] == "'@risk"


def test_control_characters_in_a_search_do_not_break_the_feed(client, listings):
    response = client.get("/search.atom?q=lab%01%1b&place=%0bLeeds")
    feed = ET.fromstring(response.data)  # would raise on a control character
    assert "matching “lab”" in feed.find("a:title", ATOM).text
