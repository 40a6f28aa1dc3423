"""The public pages: what a person sees on each."""

import pytest

from directory.listings.indexing import reconcile


def test_home_explains_the_directory_and_offers_every_way_in(pages, make):
    make.listing(regions=["wales"], provision_type="htq")
    page = pages.get("/")
    assert page.h1 == "Find life sciences skills and training near you"
    assert "MedCity" in page.text
    for label in ("Scotland", "Wales", "Northern Ireland", "London", "UK-wide"):
        assert label in page.text
    assert "/regions/wales" in page.hrefs()
    for label in (
        "Higher Technical Qualification",
        "Skills Bootcamp",
        "T Level",
        "Job-focused training",
        "Alternatives to traditional qualifications",
        "Community outreach",
    ):
        assert label in page.text


def test_home_counts_published_listings_per_region(pages, make):
    make.listing(regions=["wales"])
    make.listing(regions=["wales"])
    make.listing(regions=["wales"], status="draft")
    make.listing(regions=["uk-wide"])
    reconcile()
    assert "Wales 2 listings" in pages.get("/").text  # the UK-wide one counts under UK-wide, not Wales


def test_listing_page_shows_everything_we_know(pages, make):
    organisation = make.organisation(name="Bio College")
    make.listing(
        organisation=organisation,
        slug="lab-tech",
        title="Lab technician apprenticeship",
        summary="Earn while you train in a lab.",
        description="First paragraph.\n\nSecond paragraph.",
        levels=["level-3"],
        audiences=["adults"],
        costs=["salaried"],
        cost_details="Paid the apprentice wage",
        duration="18 months",
        places=["Camden"],
        outcomes=["12 apprentices in 2023"],
        seeks_partners=True,
        partner_details="Host an apprentice.",
        how_to_apply="Apply through the college.",
        source="medcity-directory",
        source_section="Job-Focused Training",
    )
    page = pages.get("/listings/lab-tech")
    assert page.h1 == "Lab technician apprenticeship"
    for text in (
        "Bio College",
        "Earn while you train in a lab.",
        "First paragraph.",
        "Second paragraph.",
        "Level 3 (equivalent to A levels or a T Level)",
        "Adults aged 19 and over",
        "Paid job; Paid the apprentice wage",
        "18 months",
        "London; Camden",
        "12 apprentices in 2023",
        "Host an apprentice.",
        "Apply through the college.",
        "From MedCity, Life Sciences Skills & Training: A Directory of Resources (2023), section "
        "\u201cJob-Focused Training\u201d.",
        "Not yet confirmed by the provider",
    ):
        assert text in page.text, text
    assert page.link_to("Bio College") == f"/providers/{organisation.slug}"


def test_an_unverified_listing_older_than_18_months_is_marked(pages, make, monkeypatch):
    from datetime import timedelta

    from directory import clock

    make.listing(slug="old")
    later = clock.now() + timedelta(days=600)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert "may be out of date" in pages.get("/listings/old").text


@pytest.mark.parametrize("status", ["draft", "pending", "rejected", "archived"])
def test_unpublished_listings_are_not_found(pages, make, status):
    make.listing(slug="hidden", status=status)
    pages.get("/listings/hidden", status=404)


def test_planned_provision_says_so(pages, make):
    make.listing(slug="future", availability="planned")
    assert "Planned: Announced but not yet running." in pages.get("/listings/future").text


def test_provider_page_lists_only_published_listings(pages, make):
    organisation = make.organisation(slug="bio-college", name="Bio College", website="https://bio.example.org")
    make.listing(organisation=organisation, title="Visible course")
    make.listing(organisation=organisation, title="Draft course", status="draft")
    page = pages.get("/providers/bio-college")
    assert page.h1 == "Bio College"
    assert "Visible course" in page.text and "Draft course" not in page.text
    assert "https://bio.example.org" in page.text


def test_region_page_includes_uk_wide_provision_labelled(pages, make):
    make.listing(title="Cardiff course", regions=["wales"])
    make.listing(title="National course", regions=["uk-wide"])
    make.listing(title="Glasgow course", regions=["scotland"])
    make.listing(title="England course", regions=["england"])
    reconcile()
    page = pages.get("/regions/wales")
    assert page.h1 == "Wales"
    assert "Cardiff course" in page.text and "National course" in page.text
    assert "Glasgow course" not in page.text and "England course" not in page.text
    assert page.text.index("Cardiff course") < page.text.index("National course")
    assert "Available across the UK" in page.text.split("National course")[1][:200]
    assert "1 listing specific to Wales" in page.text


def test_region_pages_paginate(pages, make):
    organisation = make.organisation()
    for n in range(55):
        make.listing(organisation=organisation, title=f"Course {n:02d}", regions=["north-east"])
    reconcile()
    first = pages.get("/regions/north-east")
    assert "55 listings specific to North East" in first.text and "/regions/north-east?page=2" in first.hrefs()
    second = pages.get("/regions/north-east?page=2")
    assert "Course 54" in second.text and "Course 00" not in second.text
    pages.get("/regions/north-east?page=9", status=404)


@pytest.mark.parametrize("url", ["/regions/atlantis", "/listings/nope", "/providers/nope", "/no/such/page"])
def test_unknown_addresses_get_the_404_page(pages, url):
    page = pages.get(url, status=404)
    assert page.h1 == "Page not found"


@pytest.mark.parametrize("query", ["?page=-1", "?page=abc", "?page=99999999999999999999", "?page=%00"])
def test_malformed_page_numbers_do_not_break_region_pages(pages, query):
    pages.get("/regions/london" + query)


def test_an_unexpected_error_gets_the_500_page_in_the_layout(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    app.testing = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.get_data(as_text=True)


def test_regions_index_lists_all_regions(pages):
    page = pages.get("/regions")
    assert all(f"/regions/{code}" in page.hrefs() for code in ("scotland", "south-west", "uk-wide"))


def test_about_page_names_the_sources(pages):
    page = pages.get("/about")
    assert "Life Sciences Jobs Plan" in page.text and "West Midlands" in page.text


def test_templates_fail_loudly_on_undefined_names(app):
    from flask import render_template_string
    from jinja2 import UndefinedError

    with app.test_request_context("/"), pytest.raises(UndefinedError):
        render_template_string("{{ listing.titel }}", listing=None or {})


def test_an_organisation_with_nothing_published_is_not_public(pages, make):
    organisation = make.organisation(slug="new-org")
    make.listing(organisation=organisation, status="draft")
    pages.get("/providers/new-org", status=404)


@pytest.mark.parametrize(
    "url",
    [
        "/regions/london?page=%C2%B2",
        "/search?page=%C2%B2",
        "/providers?page=%C2%B2",
        "/search.csv?page=%C2%B2",
        "/listings/a%00b",
        "/providers/a%00b",
    ],
)
def test_unicode_digits_and_nul_bytes_never_break_a_page(client, url):
    assert client.get(url).status_code in (200, 404)


def test_ids_beyond_the_database_integer_range_are_not_found(client):
    """Refused by the URL converter, before any query: PostgreSQL would fail to bind them."""
    assert client.get("/dashboard/listings/99999999999/edit").status_code == 404
    assert client.get("/moderation/listings/2147483648/history").status_code == 404
    assert client.get("/dashboard/listings/2147483647/edit").status_code == 302  # in range: sign in first
