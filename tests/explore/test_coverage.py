"""/coverage: counts from the search bitsets that equal /search's for the same filters, gaps, CSV, bad input."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest

from directory import taxonomy
from directory.listings.coverage import coverage_counts
from directory.search import search
from tests.explore.conftest import cells, result_count

FILTER_SETS = [
    {},
    {"audience": ["adults"]},
    {"topic": ["laboratory-science"]},
    {"audience": ["adults", "career-changers"], "topic": ["laboratory-science", "data-ai"]},
]


def _query(filters: dict) -> str:
    return "&".join(f"{name}={code}" for name, codes in filters.items() for code in codes)


@pytest.mark.parametrize("filters", FILTER_SETS, ids=lambda f: _query(f) or "none")
def test_every_count_equals_the_facet_count_search_shows_for_the_same_filters(app, spread, filters):
    by_type, by_level = coverage_counts(filters)
    regions = {v.code: v.count for v in search("", filters, per_page=1).facets["region"]}
    assert by_type.row_totals == regions
    for tab, facet in ((by_type, "type"), (by_level, "level")):
        for column in taxonomy.LISTING_FACETS[facet].codes():
            narrowed = search("", {**filters, facet: [column]}, per_page=1).facets["region"]
            assert {v.code: tab.cell(v.code, column) for v in narrowed} == {v.code: v.count for v in narrowed}
    for code in taxonomy.REGIONS.codes():  # "open to people there" is /search?region=<code>'s total
        assert by_type.reach[code] == search("", {**filters, "region": [code]}, per_page=1).total


@pytest.mark.parametrize("filters", FILTER_SETS, ids=lambda f: _query(f) or "none")
def test_each_cell_links_to_a_search_showing_its_number(pages, spread, filters):
    page = pages.get("/coverage?" + _query(filters))
    checked = 0
    for key in ("types", "levels"):
        found = cells(page, key)
        assert len(found) == len(taxonomy.REGIONS) * len(taxonomy.LISTING_FACETS[key[:-1]])
        counted = [(text, href) for text, href in found if text != "Gap"] + [c for c in found if c[0] == "Gap"][:4]
        for text, href in counted:
            expected = 0 if text == "Gap" else int(text)
            assert result_count(pages.get(href)) == expected, href
            for name, codes in filters.items():
                assert parse_qs(urlsplit(href).query)[name] == codes
            checked += 1
    assert checked > 8


def test_the_seeded_spread_shows_where_things_are_and_the_gaps(pages, spread):
    page = pages.get("/coverage")
    assert "8 listings across the UK" in page.text  # not the initiative, the ended course or the draft
    assert 'aria-label="North East: 3 listings"' in page.html
    assert 'aria-label="Scotland: 0 listings (a gap)"' in page.html
    assert 'aria-label="London: 2 listings"' in page.html
    types = dict(cells(page, "types"))
    assert list(types).count("Gap") > 0
    rows = {href: text for text, href in cells(page, "types")}
    assert rows["/search?region=north-east&local=1&type=htq"] == "1"
    assert rows["/search?region=scotland&local=1&type=htq"] == "Gap"
    assert rows["/search?region=england&local=1&type=t-level"] == "1"  # national provision under its own code
    assert rows["/search?region=north-east&local=1&type=strategy"] == "Gap"  # the strategy is an initiative


def test_national_rows_are_shown_honestly_beside_what_is_open_to_people(pages, spread):
    page = pages.get("/coverage")
    assert "Across a nation or more" in page.text
    assert page.link_to("1 listing specific to England only") == "/search?region=england&local=1"
    # North East: its own 3, plus England's T Levels and the UK-wide programme open to people there.
    assert page.link_to("5 listings open to people in North East") == "/search?region=north-east"
    assert page.link_to("2 listings open to people in Wales") == "/search?region=wales"  # and the UK-wide one
    assert page.link_to("1 listing open to people in Great Britain") == "/search?region=great-britain"


def test_filters_recompute_the_counts_and_are_kept_in_the_form_and_csv_link(pages, spread):
    page = pages.get("/coverage?audience=career-changers")
    assert "2 listings for Career changers across the UK" in page.text
    assert '<option value="career-changers" selected>' in page.html
    assert page.link_to("Download these counts as CSV") == "/coverage.csv?audience=career-changers"
    assert page.link_to("Clear the filters") == "/coverage"


@pytest.mark.parametrize(
    "url",
    [
        "/coverage?audience=nobody&topic=%00",
        "/coverage?topic=" + "x" * 5000,
        "/coverage?region=narnia&type=' OR 1=1",
        "/coverage?audience=adults&audience=adults&audience=",
        "/coverage.csv?topic=not-a-topic",
    ],
)
def test_bad_filter_values_are_dropped_not_a_500(client, spread, url):
    response = client.get(url)
    assert response.status_code == 200
    assert b"Internal" not in response.data


def test_unknown_values_count_as_no_filter(pages, spread):
    assert "1 listing for Data and AI across the UK" in pages.get("/coverage?audience=nobody&topic=data-ai&topic=zzz")
    page = pages.get("/coverage?audience=nobody")
    assert "8 listings across the UK" in page.text
    assert '<option value="" selected>Any</option>' in page.html


def test_csv_download_has_a_row_per_area_and_the_page_numbers(client, spread):
    response = client.get("/coverage.csv?topic=laboratory-science")
    assert response.mimetype == "text/csv"
    assert 'filename="coverage.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [row["region"] for row in rows] == taxonomy.REGIONS.codes()
    north_east = next(row for row in rows if row["region"] == "north-east")
    assert north_east["listings_specific_to_region"] == "3"
    assert north_east["listings_open_to_people_there"] == "4"  # with England's T Level placements
    assert (north_east["type:htq"], north_east["type:strategy"], north_east["level:level-6"]) == ("1", "0", "1")
    assert next(row for row in rows if row["region"] == "london")["listings_specific_to_region"] == "0"


def test_an_empty_directory_is_all_gaps_not_an_error(pages, app):
    page = pages.get("/coverage")
    assert "0 listings across the UK" in page.text
    assert all(text == "Gap" for text, _ in cells(page, "types"))
