"""crosstab(): each cell equals the facet count search() gives for the same selection, on synthetic listings."""

from __future__ import annotations

import random

import pytest

from bench.generate import documents
from directory import taxonomy
from directory.search import SearchIndex, crosstab, search


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    docs = list(documents(400, seed=13))
    rng = random.Random(5)
    for _, _, doc in docs[:30]:  # some sector initiatives, which a cross-tab never counts (as search does not)
        doc["kind"] = "initiative" if rng.random() < 0.5 else "provision"
    built = SearchIndex(tmp_path_factory.mktemp("crosstab"))
    built.rebuild(docs)
    return built


def _random_filters(rng: random.Random) -> dict:
    names = rng.sample(["audience", "topic", "cost", "delivery"], rng.randint(0, 2))
    return {name: rng.sample(taxonomy.LISTING_FACETS[name].codes(), rng.randint(1, 3)) for name in names}


@pytest.mark.parametrize("columns", ["type", "level"])
def test_cells_equal_search_facet_counts_for_random_selections(index, columns):
    rng = random.Random(columns)
    for _ in range(6):
        filters = _random_filters(rng)
        tab = crosstab("region", columns, filters, index=index)
        assert tab.row_totals == {v.code: v.count for v in search("", filters, index=index).facets["region"]}
        assert tab.column_totals == {v.code: v.count for v in search("", filters, index=index).facets[columns]}
        for column in rng.sample(taxonomy.LISTING_FACETS[columns].codes(), 4):
            facet = search("", {**filters, columns: [column]}, index=index).facets["region"]
            assert {v.code: tab.cell(v.code, column) for v in facet} == {v.code: v.count for v in facet}
        for region in rng.sample(taxonomy.REGIONS.codes(), 3):
            column = rng.choice(taxonomy.LISTING_FACETS[columns].codes())
            local = search("", {**filters, "region": [region], columns: [column]}, index=index, national=False)
            assert tab.cell(region, column) == local.total
            assert tab.reach[region] == search("", {**filters, "region": [region]}, index=index).total


def test_a_selection_on_the_counted_facets_themselves_is_ignored_as_search_does(index):
    plain = crosstab("region", "type", {"topic": ["genomics"]}, index=index)
    chosen = crosstab("region", "type", {"topic": ["genomics"], "region": ["london"], "type": ["htq"]}, index=index)
    assert chosen.counts == plain.counts and chosen.row_totals == plain.row_totals


def test_the_counts_leave_out_initiatives_and_ended_listings(index):
    tab = crosstab("region", "type", index=index)
    assert tab.total == search("", index=index, per_page=1).total
    assert tab.total < 400


@pytest.mark.parametrize("facet", ["kind", "starts", "partners", "nonsense"])
def test_facets_without_a_vocabulary_to_count_by_are_refused(index, facet):
    with pytest.raises(ValueError):
        crosstab("region", facet, index=index)
