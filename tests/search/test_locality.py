"""Local first: the containment rule, locality tiers, specific region counts, availability and distances.

Hand-made documents, one per kind of coverage, so each rule is checked without a database.
"""

import pytest

from directory import geography
from directory.search import search, search_ids
from directory.search.places import geocode
from tests.search.conftest import build, doc


def venue(postcode: str) -> dict:
    district = geography.district_for(postcode)
    return {
        "name": f"Venue at {postcode}",
        "postcode": postcode,
        "latitude": district.latitude,
        "longitude": district.longitude,
    }


DOCUMENTS = {
    1: doc("uk", "UK-wide lab course", region=["uk-wide"], published="2026-06-01T00:00:00"),
    2: doc("gb", "Great Britain lab course", region=["great-britain"], published="2026-06-01T00:00:00"),
    3: doc("eng", "England-only T Level lab course", region=["england"], published="2026-06-01T00:00:00"),
    4: doc("glasgow", "Glasgow lab course", region=["scotland"], places=["Glasgow"], published="2025-01-01T00:00:00"),
    5: doc("cardiff", "Cardiff lab course", region=["wales"], places=["Cardiff"], published="2025-01-01T00:00:00"),
    6: doc("belfast", "Belfast lab course", region=["northern-ireland"], published="2025-01-01T00:00:00"),
    7: doc(
        "brum",
        "Birmingham lab course",
        region=["west-midlands"],
        venues=[venue("B15 2TT")],
        published="2025-01-01T00:00:00",
    ),
    8: doc(
        "coventry",
        "Coventry lab course",
        region=["west-midlands"],
        venues=[venue("CV1 2JH")],
        published="2025-02-01T00:00:00",
    ),
    9: doc(
        "ended",
        "Ended Birmingham lab course",
        region=["west-midlands"],
        availability="ended",
        venues=[venue("B15 2TT")],
        published="2026-07-01T00:00:00",
    ),
    10: doc(
        "planned",
        "Planned West Midlands lab course",
        region=["west-midlands"],
        availability="planned",
        published="2026-07-01T00:00:00",
    ),
    11: doc("liverpool", "Liverpool lab course", region=["north-west"], published="2025-01-01T00:00:00"),
    12: doc(
        "manchester",
        "Manchester lab course",
        region=["north-west"],
        venues=[venue("M13 9PL")],
        published="2024-01-01T00:00:00",
    ),
    13: doc(
        "london", "London lab course", region=["london"], venues=[venue("N1C 4AG")], published="2025-01-01T00:00:00"
    ),
}


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return build(tmp_path_factory.mktemp("locality"), DOCUMENTS)


def ranked(index, **kwargs):
    return search(kwargs.pop("q", ""), index=index, per_page=100, **kwargs).ids


def test_containment_rule_is_stated_once_for_every_region():
    assert geography.containing("london") == ["london", "england", "great-britain", "uk-wide"]
    assert geography.containing("scotland") == ["scotland", "great-britain", "uk-wide"]
    assert geography.containing("northern-ireland") == ["northern-ireland", "uk-wide"]
    assert geography.containing("england") == ["england", "great-britain", "uk-wide"]
    assert geography.locality_tiers(["london"]) == [["london"], ["england"], ["great-britain", "uk-wide"]]


@pytest.mark.parametrize(
    "place, own, excluded",
    [
        ("Glasgow", 4, {2: False, 3: True}),
        ("G12 8QQ", 4, {2: False, 3: True}),
        ("Cardiff", 5, {2: False, 3: True}),
        ("Belfast", 6, {2: True, 3: True}),
        ("BT9 5AB", 6, {2: True, 3: True}),
        ("B15 2TT", 7, {2: False, 3: False}),
    ],
)
def test_a_place_in_each_nation_shows_its_own_listings_first_and_never_another_nations(index, place, own, excluded):
    results = ranked(index, place=place)
    assert results[0] == own
    assert results.index(1) > results.index(own)  # UK-wide after the place's own
    for doc_id, left_out in excluded.items():
        assert (doc_id not in results) == left_out, doc_id


def test_england_only_never_appears_in_scotland_wales_or_northern_ireland(index):
    for region in ("scotland", "wales", "northern-ireland"):
        assert 3 not in search_ids("", {"region": [region]}, index=index)
        assert 3 not in search_ids("lab", place=region.replace("-", " "), index=index)
    assert 3 in search_ids("", {"region": ["london"]}, index=index)


def test_tiers_go_place_then_region_then_nation_then_great_britain_and_uk(index):
    results = ranked(index, place="Liverpool")
    assert results[:2] == [11, 12]  # Liverpool's own, then the rest of the North West
    assert results.index(12) < results.index(3) < results.index(2)  # region, then England, then GB
    assert results.index(3) < results.index(1)


def test_ended_listings_are_left_out_unless_asked_for_and_planned_follow_running(index):
    results = ranked(index, filters={"region": ["west-midlands"]})
    assert 9 not in results
    assert results.index(10) > max(results.index(7), results.index(8))  # planned after running, though newer
    assert 9 in ranked(index, filters={"region": ["west-midlands"], "availability": ["ended"]})
    counts = {v.code: v.count for v in search("", index=index).facets["availability"]}
    assert counts == {"open": 11, "planned": 1, "not-confirmed": 0, "temporarily-closed": 0, "ended": 1}


def test_region_counts_are_specific_and_national_listings_count_under_their_own_codes(index):
    counts = {v.code: v.count for v in search("", index=index).facets["region"]}
    assert counts["west-midlands"] == 3  # its own running and planned ones; not the ended, not national ones
    assert counts["scotland"] == 1 and counts["uk-wide"] == 1 and counts["england"] == 1
    assert counts["great-britain"] == 1


def test_national_provision_can_be_left_out(index):
    assert set(ranked(index, place="Glasgow", national=False)) == {4}
    assert set(ranked(index, place="Glasgow")) == {4, 2, 1}


def test_distance_filter_and_sort_on_venues(index):
    near = search("", place="B15 2TT", distance=25, sort="distance", index=index, per_page=100)
    assert near.ids[:2] == [7, 8]  # Birmingham (0 miles), then Coventry (about 19)
    assert near.hits[0]["miles"] == pytest.approx(0, abs=0.01)
    assert 17 < near.hits[1]["miles"] < 21
    assert 10 in near.ids and 3 in near.ids  # the region's listings without venues still follow
    assert near.ids.index(10) > near.ids.index(8)
    narrow = search("", place="B15 2TT", distance=5, index=index, per_page=100)
    assert narrow.ids[0] == 7 and narrow.ids.index(8) > narrow.ids.index(7)


def test_a_distance_lets_in_venues_across_a_region_border(index):
    # Manchester's venue is about 31 miles from Liverpool's centre: in with 50 miles, and in its region anyway
    assert 12 in ranked(index, place="Liverpool", distance=50)
    # London is not in the West Midlands, but its venue is within 100 miles of Birmingham
    assert 13 not in ranked(index, place="B15 2TT", distance=50)
    assert 13 in ranked(index, place="B15 2TT", distance=100)


def test_northern_ireland_has_no_distances_and_says_so(index):
    results = search("", place="BT9 5AB", distance=10, index=index)
    assert results.distance_unavailable and not results.located
    assert results.ids[0] == 6


def test_geocoder_turns_postcodes_and_places_into_points():
    assert geocode("G12 8QQ").point == (55.88057, -4.30061)
    assert geocode("g12").point == (55.88057, -4.30061)
    assert geocode("Cardiff").region == "wales" and geocode("Cardiff").point is not None
    assert geocode("BT9 5AB").region == "northern-ireland" and geocode("BT9 5AB").point is None
    assert geocode("Belfast").point is None
    assert geocode("not a place") is None


def test_every_place_has_a_district_in_its_own_region():
    from directory.search.places_data import PLACE_DISTRICTS, PLACES

    for name, outcode in PLACE_DISTRICTS.items():
        assert geography.districts()[outcode].region == PLACES[name], name
    towns = [name for name, region in PLACES.items() if region != "northern-ireland"]
    missing = {name for name in towns if name not in PLACE_DISTRICTS}
    assert missing == {
        "scotland",
        "wales",
        "cymru",
        "north east",
        "north west",
        "east midlands",
        "west midlands",
        "east of england",
        "south east",
        "south west",
        "yorkshire and the humber",
    }  # areas


def test_cards_label_national_scope():
    assert geography.scope_label(["uk-wide"]) == "Available across the UK"
    assert geography.scope_label(["england"]) == "England only"
    assert geography.scope_label(["great-britain"]) == "Great Britain"
    assert geography.scope_label(["scotland", "uk-wide"]) == ""
