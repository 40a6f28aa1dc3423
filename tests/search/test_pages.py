"""The /search and /providers pages: every URL parameter, hostile input, filters, counts and help."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest


@pytest.fixture
def listings(make, reindex):
    college = make.organisation(
        name="Thames Valley College",
        slug="thames-valley-college",
        org_type="college",
        regions=["south-east"],
        description="Further education college with science labs.",
    )
    trust = make.organisation(
        name="Northern Health Trust",
        slug="northern-health-trust",
        org_type="nhs",
        regions=["north-west"],
        description="Hospitals across Greater Manchester.",
    )
    made = {
        "lab": make.listing(
            organisation=college,
            title="Laboratory technician apprenticeship",
            region="south-east",
            summary="Train in a working laboratory while you earn.",
        ),
        "htq": make.listing(
            organisation=college,
            title="Higher Technical Qualification in biotechnology",
            provision_type="htq",
            section="alternative-qualifications",
            region="south-east",
            levels=["level-4"],
            costs=["funded"],
        ),
        "nhs": make.listing(
            organisation=trust,
            title="Healthcare science assistant",
            region="north-west",
            summary="Join an NHS pathology laboratory.",
            seeks_partners=True,
            provision_type="employment-support",
            costs=["free"],
        ),
        "bootcamp": make.listing(
            organisation=trust,
            title="Skills Bootcamp in bioinformatics",
            region="uk-wide",
            summary="Learn to analyse genomic data.",
            description="A 12-week online course.",
            provision_type="skills-bootcamp",
            delivery=["online"],
            costs=["free"],
            topics=["data-ai"],
        ),
    }
    reindex()
    return made


def query(href: str) -> dict:
    return parse_qs(urlsplit(href).query)


def test_search_page_lists_everything_with_counts_and_an_announced_total(pages, listings):
    page = pages.get("/search")
    assert "4 results" in page
    assert 'id="search-announcer" role="status" aria-live="polite"' in page.html  # search.js puts the count there
    assert "South East (2)" in page  # its own two: the UK-wide bootcamp counts under UK-wide only
    assert "UK-wide (1)" in page
    assert page.link_to("Laboratory technician apprenticeship") == f"/listings/{listings['lab'].slug}"


def test_keywords_and_filters_narrow_and_selected_filters_have_remove_links(pages, listings):
    page = pages.get("/search?q=laboratory&region=north-west&cost=free")
    assert "1 result for “laboratory”" in page
    assert "Healthcare science assistant" in page
    remove = page.link_to("Remove filter Region: North West")
    assert query(remove) == {"q": ["laboratory"], "cost": ["free"]}
    assert query(page.link_to("Clear all filters")) == {"q": ["laboratory"]}
    assert 'value="north-west" checked' in page.html


def test_uk_wide_results_are_labelled_when_a_region_is_chosen(pages, listings):
    page = pages.get("/search?region=north-west")
    assert "2 results" in page and "Skills Bootcamp in bioinformatics" in page
    assert '<strong class="govuk-tag govuk-tag--blue">Available across the UK</strong>' in page.html


def test_every_facet_parameter_filters(pages, listings):
    expectations = {
        "region=south-east": 3,
        "type=htq": 1,
        "level=level-4": 1,
        "audience=adults": 4,
        "delivery=online": 1,
        "cost=funded": 1,
        "topic=data-ai": 1,
        "section=alternative-qualifications": 1,
        "partners=1": 1,
        "type=htq&type=skills-bootcamp": 2,
        "type=htq&cost=free": 0,
    }
    for params, total in expectations.items():
        page = pages.get(f"/search?{params}")
        assert f"{total} result" in page, params


@pytest.mark.parametrize(
    "sort, first", [("title", "Healthcare science assistant"), ("newest", "Skills Bootcamp in bioinformatics")]
)
def test_sort_parameter(pages, listings, sort, first):
    page = pages.get(f"/search?sort={sort}")
    titles = [text for href, text in page.links if href.startswith("/listings/")]
    assert titles[0] == first
    assert f'<option value="{sort}" selected>' in page.html


def test_page_parameter_and_pagination(app, pages, make, reindex):
    for n in range(23):
        make.listing(title=f"Pipette skills {n}")
    reindex()
    first = pages.get("/search?q=pipette")
    assert "23 results" in first and first.link_to("Next")
    second = pages.get("/search?q=pipette&page=2")
    assert len([h for h, _ in second.links if h.startswith("/listings/")]) == 3


def test_a_postcode_narrows_to_its_region_and_offers_the_whole_uk(pages, listings):
    page = pages.get("/search?q=laboratory+M1")
    assert "Showing provision in North West" in page and "“M1”" in page
    assert "Healthcare science assistant" in page and "Laboratory technician apprenticeship" not in page
    assert query(page.link_to("Search the whole UK instead")) == {"q": ["laboratory"]}


def test_the_place_parameter_narrows_and_an_unknown_place_is_explained(pages, listings):
    assert "Laboratory technician apprenticeship" in pages.get("/search?place=Oxford")
    assert "Healthcare science assistant" not in pages.get("/search?place=Oxford")
    assert "We could not find the place “Atlantis”" in pages.get("/search?place=Atlantis")


def test_synonyms_on_the_page(pages, listings):
    assert "Higher Technical Qualification in biotechnology" in pages.get("/search?q=HTQ")
    assert "Skills Bootcamp in bioinformatics" in pages.get("/search?q=bootcamps")
    assert "Laboratory technician apprenticeship" in pages.get("/search?q=lab+apprentice")


def test_a_misspelling_that_finds_nothing_shows_the_corrected_search_and_offers_the_words_as_typed(pages, listings):
    page = pages.get("/search?q=biotechnolgy")
    assert "Showing results for biotechnology . Search instead for biotechnolgy" in page
    assert "Higher Technical Qualification in biotechnology" in page
    as_typed = pages.get(page.link_to("Search instead for biotechnolgy"))
    assert "There are no matching results" in as_typed
    assert "Did you mean biotechnology ?" in as_typed  # the corrected words are a link
    assert query(as_typed.link_to("biotechnology")) == {"q": ["biotechnology"]}


def test_matching_words_are_highlighted(pages, listings):
    assert "<mark>laboratory</mark>" in pages.get("/search?q=laboratory").html


def test_an_empty_result_explains_what_to_try_and_offers_to_drop_the_narrowest_filter(pages, listings):
    page = pages.get("/search?q=bioinformatics&type=htq&region=south-east")
    assert "There are no matching results" in page
    relaxed = page.link_to("removing the type of provision filter")
    assert query(relaxed) == {"q": ["bioinformatics"], "region": ["south-east"]}
    assert "which gives 1 result" in page


@pytest.mark.parametrize(
    "params",
    [
        "q=" + "x" * 10_000,
        "q=%22unbalanced",
        "q=title:x+AND+(",
        "q=a%00b&place=%00",
        "q=*&sort=drop+table",
        "page=-1",
        "page=abc",
        "page=99999999999999999999",
        "page=2.5",
        "page=",
        "page=0",
        "sort=",
        "sort=relevance&sort=title",
        "region=atlantis&type=&level=level-99&partners=yes&partners=1",
        "q=one&q=two&unknown=1&__class__=x",
        "region=" + "&region=".join(["london"] * 200),
        "place=" + "x" * 5000,
        "q=%F0%9F%A7%AC+%E6%BC%A2%E5%AD%97",
        "q=%ff%fe",
    ],
)
def test_malformed_and_hostile_parameters_never_break_the_page(pages, listings, params):
    page = pages.get(f"/search?{params}")
    assert "result" in page


def test_a_page_beyond_the_last_says_so(pages, listings):
    page = pages.get("/search?page=50")
    assert "There are no results on this page" in page


def test_home_and_region_pages_link_into_search(pages, listings):
    assert "/search?type=htq" in pages.get("/").hrefs()
    assert "/search?region=london" in pages.get("/regions/london").hrefs()


def test_search_script_is_built_and_served(client):
    response = client.get("/static/dist/search.js")
    assert response.status_code == 200 and b"pushState" in response.data


# --- /providers ---------------------------------------------------------------------------------------------


def test_providers_page_lists_organisations_with_their_own_facets(pages, listings):
    page = pages.get("/providers")
    assert "2 organisations" in page
    assert "College (1)" in page and "NHS organisation (1)" in page
    assert "Skills Bootcamp (1)" in page  # provision types offered
    assert "Seeking employer partners (1)" in page
    assert page.link_to("2 listings from Thames Valley College") == "/providers/thames-valley-college"


@pytest.mark.parametrize(
    "params, expected",
    [
        ("q=manchester", ["Northern Health Trust"]),
        ("q=colleges", ["Thames Valley College"]),
        ("organisation_type=nhs", ["Northern Health Trust"]),
        ("region=south-east", ["Thames Valley College"]),
        ("type=htq", ["Thames Valley College"]),
        ("partners=1", ["Northern Health Trust"]),
        ("type=htq&partners=1", []),
    ],
)
def test_providers_filters_and_keywords(pages, listings, params, expected):
    page = pages.get(f"/providers?{params}")
    names = [text for href, text in page.links if href.startswith("/providers/") and "listing" not in text]
    assert names == expected


def test_providers_facet_counts_ignore_their_own_selection(pages, listings):
    page = pages.get("/providers?organisation_type=nhs")
    assert "College (1)" in page and "NHS organisation (1)" in page
    assert "Remove filter Type of organisation: NHS organisation" in page


@pytest.mark.parametrize("params", ["organisation_type=zzz", "partners=2", "region=atlantis&type=nonsense"])
def test_providers_drop_unknown_filter_values_as_search_does(pages, listings, params):
    page = pages.get(f"/providers?{params}")
    assert "2 organisations" in page and "Remove filter" not in page


@pytest.mark.parametrize("params", ["q=" + "x" * 10_000, "organisation_type=zzz&page=abc", "q=%00(", "partners=2"])
def test_providers_survive_hostile_parameters(pages, listings, params):
    assert "organisation" in pages.get(f"/providers?{params}")
