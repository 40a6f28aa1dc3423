"""Local first, as a visitor sees it: counts that agree, distances on cards, Northern Ireland, /providers by place."""

from __future__ import annotations

import re

import pytest


@pytest.fixture
def local(make, reindex):
    college = make.organisation(
        name="Edgbaston College", slug="edgbaston-college", org_type="college", regions=["west-midlands"]
    )
    trainer = make.organisation(
        name="Fenland Training",
        slug="fenland-training",
        org_type="training-provider",
        regions=["east-of-england"],
        description="Apprenticeship training provider.",
    )
    employer = make.organisation(
        name="Cambridge Biotech Ltd",
        slug="cambridge-biotech",
        org_type="company",
        regions=["east-of-england"],
        description="A biotech employer.",
    )
    national = make.organisation(
        name="National Skills Body", slug="national-skills", org_type="public-body", regions=["uk-wide"]
    )
    made = {
        "brum": make.listing(
            organisation=college,
            title="Birmingham science course",
            region="west-midlands",
            venues=[{"name": "Edgbaston campus", "postcode": "B15 2TT"}],
        ),
        "coventry": make.listing(
            organisation=college,
            title="Coventry science course",
            region="west-midlands",
            venues=[{"name": "Coventry campus", "postcode": "CV1 2JH"}],
        ),
        "cambridge": make.listing(
            organisation=trainer,
            title="Cambridge lab apprenticeship",
            region="east-of-england",
            venues=[{"name": "Hinxton", "postcode": "CB10 1SA"}],
        ),
        "employer": make.listing(
            organisation=employer,
            title="Cambridge biotech work experience",
            provision_type="work-experience",
            region="east-of-england",
            venues=[{"name": "Science park", "postcode": "CB4 0WS"}],
        ),
        "england": make.listing(organisation=national, title="T Levels in science", region="england"),
        "uk": make.listing(organisation=national, title="National careers advice", region="uk-wide"),
        "belfast": make.listing(organisation=national, title="Belfast science course", region="northern-ireland"),
    }
    reindex()
    return made


def _count(text: str, pattern: str) -> int:
    return int(re.search(pattern, text).group(1))


def test_region_counts_agree_on_home_region_and_search_pages(pages, local):
    home = pages.get("/").text
    for code, label, expected in (
        ("west-midlands", "West Midlands", 2),
        ("east-of-england", "East of England", 2),
        ("uk-wide", "UK-wide", 1),
        ("england", "England only", 1),
    ):
        assert f"{label} {expected} listing" in home
        assert (
            f"{expected} listing{'s' if expected != 1 else ''} specific to {label}"
            in pages.get(f"/regions/{code}").text
        )
        assert f"{label} ({expected})" in pages.get("/search").text


def test_region_page_lists_its_own_then_national_labelled(pages, local):
    text = pages.get("/regions/west-midlands").text
    assert (
        text.index("Birmingham science course")
        < text.index("T Levels in science")
        < text.index("National careers advice")
    )
    assert "England only" in text and "Available across the UK" in text
    assert "Belfast science course" not in text


def test_postcode_search_shows_distances_nearest_first(pages, local):
    page = pages.get("/search?place=B15+2TT&distance=25&sort=distance")
    text = page.text
    assert (
        text.index("Birmingham science course")
        < text.index("Coventry science course")
        < text.index("T Levels in science")
    )
    assert "Less than 1 mile away" in text and re.search(r"About 1[789] miles away", text)
    assert "measured between postcode districts" in text
    assert 'value="25" selected' in page.html


def test_a_northern_ireland_postcode_says_distance_is_not_available(pages, local):
    text = pages.get("/search?place=BT9+5AB&distance=10").text
    assert "cannot measure distances in Northern Ireland" in text
    assert "Belfast science course" in text and "T Levels in science" not in text


def test_local_only_option_leaves_out_national_provision(pages, local):
    text = pages.get("/search?place=Birmingham&local=1").text
    assert "Birmingham science course" in text and "National careers advice" not in text
    assert (
        'id="local" name="local" type="checkbox" value="1" aria-describedby="local-hint" checked'
        in pages.get("/search?place=Birmingham&local=1").html
    )


def test_providers_by_postcode_rank_by_where_they_run_provision_and_filter_by_type(pages, local):
    text = pages.get("/providers?q=CB2+0QQ").text
    assert "Fenland Training" in text and "Cambridge Biotech Ltd" in text
    assert "Edgbaston College" not in text  # nothing it runs is open to people in the East of England
    assert text.index("Cambridge Biotech Ltd") < text.index("National Skills Body")
    trainers = pages.get("/providers?place=CB2&organisation_type=training-provider&type=apprenticeship").text
    assert "Fenland Training" in trainers and "Cambridge Biotech Ltd" not in trainers
    assert "1 organisation" in trainers
    assert "Fenland Training" in pages.get("/providers?q=apprenticeship+Cambridge").text


def test_unknown_places_and_bad_distances_never_fail(pages, local):
    pages.get("/search?place=Nowhereshire&distance=7&sort=distance")
    pages.get("/providers?place=Nowhereshire")
    assert "We could not find the place" in pages.get("/providers?place=Nowhereshire").text


def test_about_page_credits_the_postcode_data(pages):
    text = pages.get("/about").text
    assert "Contains OS data © Crown copyright and database right 2025" in text
    assert "Open Government Licence" in text
