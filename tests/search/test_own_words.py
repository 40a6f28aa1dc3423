"""Residents' own words over hand-made documents: spelling tolerance, everyday phrases and a place inside the words."""

import dataclasses

import pytest

from directory import phrases
from directory.search import search
from directory.search.query import parse
from directory.search.spelling import Speller, edit_distance
from tests.search.conftest import build, doc

DOCUMENTS = {
    1: doc(
        "lab-apprenticeship",
        "Laboratory technician apprenticeship",
        type="apprenticeship",
        cost=["salaried"],
        audience=["age-16-18"],
        region=["london"],
    ),
    2: doc(
        "biotech-cambridge",
        "Biotechnology skills programme",
        region=["east-of-england"],
        cost=["paid"],
        audience=["in-work"],
        summary="Hands-on training with Cambridge biotech firms.",
    ),
    3: doc(
        "bioscience-leeds",
        "Bioscience short course",
        region=["yorkshire-and-the-humber"],
        cost=["paid"],
        audience=["in-work"],
    ),
    4: doc(
        "evening-course",
        "Introduction to genomics",
        summary="Evening classes, two nights a week.",
        audience=["adults"],
        cost=["free"],
    ),
    5: doc("part-time-course", "Clinical research part-time certificate", audience=["in-work"], cost=["paid"]),
    6: doc(
        "converter",
        "Career converter programme",
        audience=["career-changers"],
        cost=["funded"],
        type="employment-support",
    ),
    7: doc(
        "careers-talks",
        "Careers talks with scientists",
        type="careers-guidance",
        audience=["secondary-pupils"],
        cost=["paid"],
    ),
    8: doc("leading", "Leading teams in manufacturing", audience=["in-work"], cost=["paid"], type="cpd"),
    9: doc(
        "returners",
        "STEM returners programme",
        summary="For people returning to work after a career break.",
        audience=["adults"],
        cost=["paid"],
        type="employment-support",
    ),
    10: doc(
        "biotech-london",
        "Biotech start-up skills",
        region=["london"],
        cost=["paid"],
        audience=["smes"],
        summary="For founders of biotech companies.",
    ),
    11: doc(
        "berkshire",
        "Science outreach in Berkshire",
        region=["south-east"],
        type="outreach",
        cost=["paid"],
        audience=["primary-pupils"],
    ),
}


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return build(tmp_path_factory.mktemp("words"), DOCUMENTS)


def ids(index, query="", **kwargs):
    return set(search(query, index=index, per_page=100, **kwargs).ids)


# --- spelling -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b, distance",
    [
        ("apprentiship", "apprenticeship", 2),
        ("techncian", "technician", 1),
        ("labroatory", "laboratory", 1),
        ("reading", "leading", 1),
        ("genomics", "genomics", 0),
        ("cat", "dog", 3),
    ],
)
def test_edit_distance_counts_a_swap_of_neighbours_as_one_edit(a, b, distance):
    assert edit_distance(a, b) == distance


def test_the_speller_finds_known_words_one_or_two_edits_away_nearest_first():
    speller = Speller({"genomics": 5, "genetics": 9, "apprenticeships": 3})
    assert speller.candidates("genomcs")[0] == "genomics"  # one edit beats a more frequent two-edit word
    assert speller.correct("apprentiship") == "apprenticeship"  # two letters left out
    assert speller.correct("apprenticeshsp") == "apprenticeship"
    assert speller.correct("xqzvwkpl") is None
    assert speller.knows("reading") and speller.knows("cambridge")  # place names are words, never corrected


@pytest.mark.parametrize(
    "typed, corrected",
    [("apprentiship", "apprenticeship"), ("labratory", "laboratory"), ("biotechnolgy skills", "biotechnology skills")],
)
def test_a_misspelling_that_finds_nothing_is_searched_corrected(index, typed, corrected):
    results = search(typed, index=index)
    assert results.corrected_from == typed and results.query == corrected
    assert results.total and set(results.ids) == ids(index, corrected)


def test_the_words_as_typed_are_searched_when_asked_and_the_correction_is_offered(index):
    results = search("apprentiship", index=index, exact=True)
    assert results.total == 0 and results.corrected_from is None
    assert results.suggestion == "apprenticeship"


def test_words_of_four_letters_or_fewer_are_not_corrected(index):
    assert search("genx", index=index, exact=True).suggestion is None


def test_a_real_word_is_never_corrected_to_one_that_merely_finds_more(index):
    """ "reading" is a word (and a town), not a misspelling of "leading", which the index has."""
    results = search("reading", index=index)
    assert results.suggestion is None and results.corrected_from is None
    assert results.region["code"] == "south-east"  # found nothing as a word, so taken as the place
    assert set(results.ids) == {11}


def test_a_correction_is_offered_only_when_it_finds_more_than_the_words_as_typed(index):
    assert search("careen", index=index, exact=True).suggestion == "career"
    # "bioscience career" finds nothing either, so the correction is no help and is not offered
    results = search("bioscience careen", index=index)
    assert results.suggestion is None and results.corrected_from is None and results.total == 0


# --- everyday phrases ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("lab tech", {1}),
        ("lab technicians", {1}),
        ("biotech", {2, 3, 10}),
        ("part time", {5, 4}),
        ("evening", {4}),
        ("returner", {9}),
        ("return to work", {9}),
    ],
)
def test_phrases_find_the_words_they_mean(index, query, expected):
    assert ids(index, query) == expected


@pytest.mark.parametrize(
    "query, facet, codes, expected",
    [
        ("free", "cost", ["free", "funded"], {4, 6}),
        ("free genomics", "cost", ["free", "funded"], {4}),
        ("retrain", "audience", ["adults", "career-changers"], {4, 6, 9}),
        ("career change", "audience", ["career-changers"], {6}),
        ("school leaver", "audience", ["age-16-18", "young-people-18-24"], {1}),
        ("paid while you learn", "cost", ["salaried"], {1}),
        (
            "how to get into science",
            "type",
            ["apprenticeship", "careers-guidance", "work-experience", "employment-support"],
            {1, 6, 7, 9},
        ),
    ],
)
def test_phrases_that_mean_facet_values_filter_by_them_and_say_so(index, query, facet, codes, expected):
    results = search(query, index=index, per_page=100)
    assert set(results.ids) == expected
    [understood] = results.understood
    assert understood["applied"] and sorted(understood["facets"][facet]) == sorted(codes)
    assert results.filters == {}  # the person's own selection is unchanged
    selected = {v.code for v in results.facets[facet] if v.selected}
    assert selected == set(codes)


def test_a_persons_own_facet_choice_wins_over_a_phrase(index):
    results = search("free", {"cost": ["paid"]}, index=index, per_page=100)
    assert not results.understood[0]["applied"]
    assert set(results.ids) == {2, 3, 5, 7, 8, 9, 10, 11}


def test_searching_without_the_phrase_is_the_query_with_it_taken_out(index):
    assert search("free genomics", index=index).understood[0]["without"] == "genomics"
    assert parse("Retraining in Leeds").understood[0].without == "in Leeds"


def test_phrases_match_whole_words_in_any_case_and_with_hyphens():
    assert parse("Part-Time").clauses[0].options
    assert parse("FREE").understood
    assert not parse("freedom").understood and not parse("carefree").understood


def test_every_phrase_names_real_vocabulary_and_bad_data_is_refused():
    phrases.validate(phrases.PHRASES)
    good = phrases.Phrase(says=("free",), facets={"cost": ("free",)}, shown_as="free provision")
    for bad in (
        dataclasses.replace(good, facets={"cost": ("gratis",)}),
        dataclasses.replace(good, facets={"colour": ("free",)}),
        dataclasses.replace(good, shown_as=""),
        dataclasses.replace(good, says=("Free!",)),
        dataclasses.replace(good, facets={}, means=()),
    ):
        with pytest.raises(ValueError):
            phrases.validate((bad,))
    with pytest.raises(ValueError, match="twice"):
        phrases.validate((good, dataclasses.replace(good, says=("free",))))


# --- a place inside the words -------------------------------------------------------------------------------------


def test_a_place_in_the_words_is_the_place_and_the_rest_are_keywords(index):
    results = search("biotech Cambridge", index=index)
    assert results.region["code"] == "east-of-england" and results.keywords == "biotech"
    assert set(results.ids) == {2}
    postcode = search("biotech CB2 0QQ", index=index)
    assert postcode.region["code"] == "east-of-england" and set(postcode.ids) == {2}
