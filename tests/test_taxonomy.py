import re

import pytest

from directory import taxonomy

CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.mark.parametrize("vocabulary", (*taxonomy.ALL_VOCABULARIES, taxonomy.SOURCES), ids=lambda v: v.code)
def test_every_term_has_a_url_safe_code_a_label_and_a_description(vocabulary):
    for term in vocabulary:
        assert CODE.match(term.code), term.code
        assert term.label.strip() and term.description.strip(), term.code


def test_regions_are_the_twelve_nations_and_english_regions_plus_national_scopes():
    assert taxonomy.REGIONS.codes() == [
        "scotland",
        "wales",
        "northern-ireland",
        "north-east",
        "north-west",
        "yorkshire-and-the-humber",
        "east-midlands",
        "west-midlands",
        "east-of-england",
        "london",
        "south-east",
        "south-west",
        "england",
        "great-britain",
        "uk-wide",
    ]


def test_provision_types_include_the_codes_the_urls_and_api_rely_on():
    required = {
        "apprenticeship",
        "degree-apprenticeship",
        "htq",
        "t-level",
        "skills-bootcamp",
        "supported-internship",
        "short-course",
        "cpd",
        "employment-support",
        "outreach",
        "training-centre",
        "careers-guidance",
        "funding",
    }
    assert required <= set(taxonomy.PROVISION_TYPES.codes())


def test_levels_explain_their_everyday_equivalents():
    assert "GCSE" in taxonomy.LEVELS.get("level-2").description
    assert "A level" in taxonomy.LEVELS.get("level-3").description
    assert "Higher Technical" in taxonomy.LEVELS.get("level-4").description
    assert "bachelor" in taxonomy.LEVELS.get("level-6").description
    assert "master" in taxonomy.LEVELS.get("level-7").description


def test_lookup_of_an_unknown_code_falls_back_to_the_code():
    assert taxonomy.REGIONS.label_for("atlantis") == "atlantis"
    assert "atlantis" not in taxonomy.REGIONS
    assert taxonomy.REGIONS.get("wales").label == "Wales"


def test_a_vocabulary_refuses_duplicate_codes():
    with pytest.raises(ValueError):
        taxonomy.Vocabulary("x", "X", "X", [taxonomy.Term("a", "A", "A"), taxonomy.Term("a", "B", "B")])
