"""The search function over hand-made documents: matching, facets, ranking, suggestions and snippets."""

import pytest

from directory.search import search, search_ids
from tests.search.conftest import build, doc

DOCUMENTS = {
    1: doc(
        "lab-apprentice",
        "Laboratory technician apprenticeship",
        type="apprenticeship",
        summary="Train in a working laboratory while you earn.",
        region=["london"],
        cost=["salaried"],
        published="2026-03-01T00:00:00",
        start="2026-09-01",
    ),
    2: doc(
        "htq-bio",
        "Higher Technical Qualification in biotechnology",
        type="htq",
        region=["north-west"],
        description="A Level 4 course in biotechnology with lab placements.",
        level=["level-4"],
        published="2026-02-01T00:00:00",
        rolling=True,
    ),
    3: doc(
        "bootcamp-data",
        "Skills Bootcamp in data science",
        type="skills-bootcamp",
        region=["uk-wide"],
        delivery=["online"],
        cost=["free"],
        topic=["data-ai"],
        published="2026-01-15T00:00:00",
    ),
    4: doc(
        "tlevel",
        "Science T-level with industry placement",
        type="t-level",
        region=["west-midlands"],
        audience=["age-16-18"],
        published="2025-12-01T00:00:00",
        start="2026-01-05",
    ),
    5: doc(
        "send-internship",
        "Supported internship for young people with SEND",
        type="supported-internship",
        region=["london"],
        audience=["disabled-send"],
        partners=True,
        summary="With a local NHS trust.",
    ),
    6: doc(
        "nhs-careers",
        "Careers in the National Health Service",
        type="careers-guidance",
        region=["scotland"],
        summary="Hear from healthcare scientists.",
        provider="Apprentice Careers Trust",
    ),
    7: doc(
        "outreach",
        "Family science days",
        type="outreach",
        region=["london", "south-east"],
        description="Hands-on experiments; no lab experience needed.",
        section="community-outreach",
    ),
    8: doc(
        "pharmacy",
        "Pharmacy technician apprentice programme",
        type="apprenticeship",
        region=["wales"],
        cost=["salaried"],
        summary="Become an HTQ-qualified pharmacy technician.",
    ),
}


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return build(tmp_path_factory.mktemp("index"), DOCUMENTS)


def ids(index, query="", **kwargs):
    return set(search(query, index=index, per_page=100, **kwargs).ids)


def counts(results, facet):
    return {value.code: value.count for value in results.facets[facet]}


def test_browse_all_returns_every_document_newest_first(index):
    results = search("", index=index)
    assert results.total == 8
    assert results.ids[:3] == [1, 2, 3]


def test_words_match_stemmed_and_all_words_are_required(index):
    assert ids(index, "technicians") == {1, 8}
    assert ids(index, "pharmacy technicians") == {8}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("HTQ", {2, 8}),
        ("higher technical qualifications", {2, 8}),
        ("bootcamp", {3}),
        ("skills bootcamps", {3}),
        ("T Level", {4}),
        ("t-levels", {4}),
        ("apprentice", {1, 6, 8}),
        ("apprenticeships", {1, 6, 8}),
        ("lab", {1, 2, 7}),
        ("laboratories", {1, 2, 7}),
        ("send", {5}),
        ("special educational needs", {5}),
        ("NHS", {5, 6}),
        ("national health service", {5, 6}),
    ],
)
def test_words_people_use_for_the_same_thing_find_each_other(index, query, expected):
    assert ids(index, query) == expected


def test_title_and_provider_matches_rank_above_description_matches(index):
    order = search("laboratory", index=index).ids
    assert order[0] == 1  # "Laboratory" in the title
    assert set(order[1:]) == {2, 7}  # "lab" only in the description


def test_facets_combine_and_across_or_within(index):
    assert ids(index, filters={"type": ["apprenticeship", "htq"]}) == {1, 2, 8}
    assert ids(index, filters={"type": ["apprenticeship", "htq"], "cost": ["salaried"]}) == {1, 8}


def test_each_facet_is_counted_as_if_its_own_selection_were_removed(index):
    results = search("", {"type": ["apprenticeship"], "region": ["london"]}, index=index)
    assert results.total == 1  # 1 (london); 8 is in wales
    type_counts = counts(results, "type")
    # types among listings in london or UK-wide (1, 3, 5, 7), ignoring the type selection
    assert type_counts["apprenticeship"] == 1
    assert type_counts["skills-bootcamp"] == 1 and type_counts["outreach"] == 1
    region_counts = counts(results, "region")
    # regions among apprenticeships (1 london, 8 wales), ignoring the region selection; none is UK-wide
    assert region_counts["london"] == 1 and region_counts["wales"] == 1 and region_counts["scotland"] == 0


def test_uk_wide_provision_counts_under_uk_wide_and_is_included_in_every_region(index):
    assert 3 in ids(index, filters={"region": ["scotland"]})
    assert ids(index, filters={"region": ["uk-wide"]}) == {3}
    results = search("", index=index)
    region_counts = counts(results, "region")
    assert region_counts["uk-wide"] == 1
    assert region_counts["scotland"] == 1  # its own (6) only: the UK-wide bootcamp counts under uk-wide
    assert results.hits[2]["regions"] == ["uk-wide"]  # so the page can label it


def test_partners_facet(index):
    assert ids(index, filters={"partners": ["1"]}) == {5}
    assert counts(search("", index=index), "partners") == {"1": 1}


def test_unknown_facets_and_codes_are_dropped(index):
    results = search("", {"type": ["nonsense"], "colour": ["red"], "region": ["london", 3]}, index=index)
    assert results.filters == {"region": ["london"]}


@pytest.mark.parametrize(
    "query, region",
    [("B15 2TT", "west-midlands"), ("science M1", "north-west"), ("EH1", "scotland"), ("Cardiff", "wales")],
)
def test_a_postcode_or_place_in_the_query_narrows_to_its_region(index, query, region):
    results = search(query, index=index)
    assert results.region["code"] == region and results.region["applied"]
    assert set(results.ids) == ids(index, results.keywords, filters={"region": [region]})


def test_a_place_given_separately_narrows_and_an_unknown_one_is_reported(index):
    assert ids(index, place="Birmingham") == {3, 4}
    results = search("", place="Atlantis", index=index)
    assert results.place_unknown and results.total == 8


def test_chosen_regions_win_over_a_place_in_the_query(index):
    results = search("Leeds", {"region": ["wales"]}, index=index)
    assert not results.region["applied"]
    assert set(results.ids) == {3, 8}


@pytest.mark.parametrize(
    "query, suggestion",
    [
        ("apprenticship", "apprenticeship"),
        ("biotechnolgy", "biotechnology"),
        ("pharmacy techncian", "pharmacy technician"),
    ],
)
def test_misspellings_that_find_nothing_are_corrected_and_offered_as_typed(index, query, suggestion):
    results = search(query, index=index)
    assert (results.query, results.corrected_from) == (suggestion, query) and results.total
    assert set(results.ids) == ids(index, suggestion)
    assert search(query, index=index, exact=True).suggestion == suggestion


def test_known_words_get_no_suggestion(index):
    assert search("pharmacy technician", index=index).suggestion is None


def test_snippets_mark_the_matching_words(index):
    hit = search("earn", index=index).hits[0]
    assert ("earn", True) in hit["snippet"]
    lab = next(h for h in search("lab", index=index).hits if h["id"] == 1)
    assert ("laboratory", True) in lab["snippet"]


def test_empty_results_offer_the_filter_whose_removal_helps_most(index):
    results = search("pharmacy", {"region": ["scotland"], "cost": ["salaried"]}, index=index)
    assert results.total == 0
    assert results.relax == {"facet": "region", "codes": ["scotland"], "total": 1}


@pytest.mark.parametrize("sort, first", [("title", 6), ("newest", 1), ("start", 2)])
def test_sort_orders(index, sort, first):
    assert search("", sort=sort, index=index).ids[0] == first


def test_pages(index):
    first = search("", index=index, per_page=3)
    third = search("", index=index, per_page=3, page=3)
    assert first.pages == 3 and len(third.ids) == 2
    assert not set(first.ids) & set(third.ids)
    assert search("", index=index, per_page=3, page=99).ids == []


def test_search_ids_returns_every_match_for_the_same_query_and_filters(index):
    assert search_ids("apprentice", {"region": ["london", "wales"]}, index=index) == [1, 8]
    assert search_ids("", {}, index=index) == list(range(1, 9))
    assert search_ids("lab", place="M1", index=index) == [2]


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        '"unbalanced',
        "title:x AND (",
        "a\x00b",
        "*",
        "?",
        "(((",
        "NOT",
        "field:value",
        "ü∂ƒ漢字",
        "\u202e\u200b",
        "OR AND NOT",
        "'; DROP TABLE listings; --",
        "%s %d {0}",
        "~2^3",
        "  ",
    ],
)
def test_hostile_queries_never_raise(index, query):
    results = search(query, index=index)
    assert results.total >= 0 and len(results.query) <= 200


def test_documents_are_replaced_and_deleted(tmp_path):
    index = build(tmp_path, {1: doc("a", "Genomics course"), 2: doc("b", "Genomics bootcamp")})
    index.write([(1, "v2", doc("a", "Proteomics course"))], [2])
    assert ids(index, "genomics") == set()
    assert ids(index, "proteomics") == {1}
    assert index.versions() == {1: "v2"}


def test_rebuild_swaps_in_a_new_directory_and_old_searches_keep_working(tmp_path):
    index = build(tmp_path, {1: doc("a", "Genomics course")})
    old_directory = index.current_dir()
    before = index.snapshot()
    index.rebuild([(2, "v", doc("b", "Proteomics course"))])
    assert index.current_dir() != old_directory
    assert ids(index, "proteomics") == {2} and ids(index, "genomics") == set()
    assert before.searcher.stored_fields(0)["card"]["slug"] == "a"  # a snapshot taken earlier still reads


def test_a_background_refresher_picks_up_another_process_s_commit(tmp_path):
    import time

    from directory.search import SearchIndex

    reader = build(tmp_path, {1: doc("a", "Genomics course")})
    reader.refresh_in_background(0.02)
    assert ids(reader, "proteomics") == set()
    SearchIndex(tmp_path).write([(2, "v", doc("b", "Proteomics course"))])  # as another process would
    deadline = time.monotonic() + 5
    while ids(reader, "proteomics") != {2}:
        assert time.monotonic() < deadline, "the refresher never saw the new document"
        time.sleep(0.02)


def test_sort_orders_span_every_segment(tmp_path):
    index = build(tmp_path, {1: doc("b", "Beta course"), 2: doc("d", "Delta course")})
    index.write([(3, "v", doc("a", "Alpha course"))])
    index.write([(4, "v", doc("c", "Gamma course"))])
    assert search("course", sort="title", index=index).ids == [3, 1, 2, 4]


def test_a_failed_commit_releases_the_write_lock(tmp_path, monkeypatch):
    """A writer whose commit fails must not keep the lock, or every later write in the process would time out."""
    from whoosh.writing import SegmentWriter

    from directory.search.engine import SearchIndex

    index = SearchIndex(tmp_path)
    index.write([(1, "v1", doc("a", "Genomics course"))])
    real_commit = SegmentWriter.commit

    def failing_commit(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(SegmentWriter, "commit", failing_commit)
    with pytest.raises(OSError):
        index.write([(2, "v1", doc("b", "Proteomics course"))])
    monkeypatch.setattr(SegmentWriter, "commit", real_commit)
    monkeypatch.setattr("directory.search.writing.WRITE_TIMEOUT", 2.0)
    assert index.write([(2, "v1", doc("b", "Proteomics course"))]) == 1


def test_seeding_the_random_module_does_not_make_segment_names_collide(tmp_path):
    import random

    from directory.search.engine import SearchIndex

    index = SearchIndex(tmp_path)
    for n in range(3):
        random.seed(1234)  # as Hypothesis does before each example
        index.write([(n, "v1", doc(f"d{n}", f"Course number {n}"))])
    assert len(index.versions()) == 3


@pytest.mark.parametrize(
    "text",
    [
        "Laboratory technicians' apprenticeships in the U.K., e.g. 3.5 days a week",
        "T-Level: NHS's SEND provision (16-19); co-ordinated by St. Thomas’ Hospital",
        "Ünïcödé naïve café — data-science & AI/ML 2026",
    ],
)
def test_the_fast_analyser_gives_exactly_whooshs_stemming_analyser_terms(text):
    from directory.search.schema import ANALYZER, analyse

    assert analyse(text) == [token.text for token in ANALYZER(text)]
