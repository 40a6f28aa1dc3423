"""The catalogue engine behind /providers, with plain documents only (no app, no database): the same facet cleaning
and counting as listing search, keywords by stem, and ranking by where each document runs."""

from __future__ import annotations

import pytest

from directory import taxonomy
from directory.search import Catalogue, clean_filters, search_catalogue

FACETS = {
    "organisation_type": taxonomy.ORGANISATION_TYPES,
    "region": taxonomy.REGIONS_SERVED,
    "type": taxonomy.PROVISION_OFFERED,
    "partners": taxonomy.PARTNERS,
}
MANCHESTER, LEEDS = (53.4775, -2.2362), (53.7977, -1.5513)


def organisation(
    name: str,
    org_type: str,
    regions: list[str],
    types: list[str],
    partners: bool = False,
    points: tuple = (),
    text: str = "",
) -> dict:
    return {
        "name": name,
        "facets": {
            "organisation_type": [org_type],
            "region": regions,
            "type": types,
            "partners": ["1"] if partners else [],
        },
        "text": f"{name} {text}",
        "served": regions,
        "points": list(points),
    }


@pytest.fixture
def catalogue() -> Catalogue:
    return Catalogue(
        [
            organisation(
                "Leeds College",
                "college",
                ["yorkshire-and-the-humber"],
                ["htq", "apprenticeship"],
                points=[LEEDS],
                text="Laboratory apprenticeships",
            ),
            organisation(
                "Manchester Trust",
                "nhs",
                ["north-west"],
                ["employment-support"],
                partners=True,
                points=[MANCHESTER],
                text="Hospitals and pathology laboratories",
            ),
            organisation("National Skills Charity", "charity", ["uk-wide"], ["skills-bootcamp"], text="Online courses"),
            organisation("Welsh University", "university", ["wales"], ["degree-apprenticeship"]),
            organisation("England Network", "network", ["england"], ["outreach"]),
        ],
        FACETS,
    )


def names(results) -> list[str]:
    return [document["name"] for document in results.documents]


def counts(results, facet: str) -> dict[str, int]:
    return {value.code: value.count for value in results.facets[facet] if value.count}


def test_the_selection_is_cleaned_by_the_same_rule_as_listing_search(catalogue):
    asked = {"partners": ["2", "1", "1"], "region": "north-west", "organisation_type": ["zzz"], "nonsense": ["x"]}
    results = search_catalogue(catalogue, filters=asked)
    assert results.filters == {"region": ["north-west"], "partners": ["1"]}
    assert results.filters == {name: codes for name, codes in clean_filters(asked).items() if name in FACETS}
    assert names(results) == ["Manchester Trust"]


def test_unknown_codes_are_dropped_rather_than_matching_nothing(catalogue):
    assert search_catalogue(catalogue, filters={"organisation_type": ["zzz"]}).total == 5


def test_facets_count_as_though_their_own_selection_were_removed(catalogue):
    results = search_catalogue(catalogue, filters={"organisation_type": ["nhs"], "type": ["employment-support"]})
    assert results.total == 1
    assert counts(results, "organisation_type") == {"nhs": 1}  # the type filter still applies
    assert counts(results, "type") == {"employment-support": 1}
    everything = search_catalogue(catalogue, filters={"organisation_type": ["nhs"]})
    assert counts(everything, "organisation_type") == {
        "college": 1,
        "nhs": 1,
        "charity": 1,
        "university": 1,
        "network": 1,
    }
    assert [value.label for value in everything.facets["partners"]] == ["Seeking employer partners"]


def test_values_of_one_facet_are_alternatives_and_a_region_includes_uk_wide_providers(catalogue):
    results = search_catalogue(catalogue, filters={"organisation_type": ["college", "university"]})
    assert names(results) == ["Leeds College", "Welsh University"]
    assert names(search_catalogue(catalogue, filters={"region": ["wales"]})) == [
        "National Skills Charity",
        "Welsh University",
    ]


def test_a_region_takes_in_its_nations_providers_by_the_same_rule_as_listing_search(catalogue):
    """An England-wide network serves someone in the North West; never someone in Wales (geography.open_to)."""
    assert names(search_catalogue(catalogue, filters={"region": ["north-west"]})) == [
        "Manchester Trust",
        "National Skills Charity",
        "England Network",
    ]
    assert "England Network" not in names(search_catalogue(catalogue, filters={"region": ["wales"]}))
    assert names(search_catalogue(catalogue, filters={"region": ["uk-wide"]})) == ["National Skills Charity"]


def test_keywords_match_every_word_by_its_stem(catalogue):
    assert names(search_catalogue(catalogue, "laboratory")) == ["Leeds College", "Manchester Trust"]
    assert names(search_catalogue(catalogue, "hospital laboratories")) == ["Manchester Trust"]


def test_a_place_ranks_by_where_documents_run_and_leaves_out_those_running_nothing_there(catalogue):
    results = search_catalogue(catalogue, place="Leeds")
    assert results.location.region == "yorkshire-and-the-humber"
    # A venue near Leeds, then England-wide, then UK-wide; Manchester (36 miles, North West) and Wales are left out.
    assert names(results) == ["Leeds College", "England Network", "National Skills Charity"]
    assert names(search_catalogue(catalogue, "laboratory Manchester")) == ["Manchester Trust"]
    assert search_catalogue(catalogue, place="Nowhereville").place_unknown
