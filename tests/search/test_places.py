"""Postcodes and place names in what people type become the right region."""

import pytest

from directory import taxonomy
from directory.search.places import locate
from directory.search.places_data import DISTRICT_OVERRIDES, PLACES, POSTCODE_AREAS


@pytest.mark.parametrize(
    "text, region, matched, remainder",
    [
        ("B15 2TT", "west-midlands", "B15 2TT", ""),
        ("lab jobs b15 2tt", "west-midlands", "b15 2tt", "lab jobs"),
        ("M1", "north-west", "M1", ""),
        ("m1", "north-west", "m1", ""),
        ("EH1 bioinformatics", "scotland", "EH1", "bioinformatics"),
        ("SW1A 1AA", "london", "SW1A 1AA", ""),
        ("BT7", "northern-ireland", "BT7", ""),
        ("KT1 2EE", "london", "KT1 2EE", ""),
        ("KT22", "south-east", "KT22", ""),
        ("apprenticeships in Leeds", "yorkshire-and-the-humber", "Leeds", "apprenticeships in"),
        ("newcastle upon tyne lab", "north-east", "newcastle upon tyne", "lab"),
        ("Reading biology", "south-east", "Reading", "biology"),
    ],
)
def test_postcodes_and_places_find_their_region(text, region, matched, remainder):
    location = locate(text)
    assert (location.region, location.matched, location.remainder) == (region, matched, remainder)


@pytest.mark.parametrize(
    "text", ["reading skills", "bath time science", "lab technician", "level 3", "", "ZZ9 9ZZ", "co2 capture"]
)
def test_everyday_words_and_unknown_codes_are_not_places(text):
    assert locate(text) is None


def test_the_place_box_accepts_lower_case_ambiguous_names():
    assert locate("reading", strict=False).region == "south-east"


def test_every_table_entry_names_a_real_region():
    regions = set(taxonomy.REGIONS.codes())
    assert set(POSTCODE_AREAS.values()) <= regions
    assert set(DISTRICT_OVERRIDES.values()) <= regions
    assert set(PLACES.values()) <= regions
    assert len(POSTCODE_AREAS) >= 118
