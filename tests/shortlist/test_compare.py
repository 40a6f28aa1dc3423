"""/compare: 2 to 4 listings side by side from the listing page's own facts; every bad address a clear error."""

from __future__ import annotations

import pytest


@pytest.fixture
def three(make):
    college = make.organisation(name="Riverside College")
    return [
        make.listing(
            organisation=college,
            title="Lab technician apprenticeship",
            levels=["level-3"],
            how_to_apply="Apply through the college website by June.",
            entry_requirements="Five GCSEs",
            study_modes=["full-time"],
            hours_per_week=30,
            cost_pounds=0,
            rolling=True,
            venues=[{"name": "Leeds campus", "address": "1 Park Row", "postcode": "LS1 5HD"}],
        ),
        make.listing(
            title="Bioinformatics bootcamp",
            provision_type="skills-bootcamp",
            levels=["level-4"],
            start_dates=["2099-09-07"],
            audiences=["adults"],
        ),
        make.listing(title="Science outreach day", provision_type="outreach", levels=[], costs=["free"]),
    ]


def ids(listings) -> str:
    return ",".join(str(listing.id) for listing in listings)


@pytest.mark.parametrize("count", [2, 3])
def test_two_to_four_listings_side_by_side_with_every_question(pages, three, count):
    page = pages.get(f"/compare?ids={ids(three[:count])}")
    assert page.h1 == f"Compare {count} listings"
    for question in (
        "Type",
        "Provider",
        "Where",
        "Level",
        "Who it is for",
        "Cost and funding",
        "Study mode and hours",
        "Next start",
        "Entry requirements",
        "How to take part",
        "Status",
        "Last confirmed",
    ):
        assert f'<th scope="row" class="govuk-table__header">{question}</th>' in page.html
        assert f'<dt class="govuk-summary-list__key">{question}</dt>' in page.html  # the stacked list
    for listing in three[:count]:
        assert page.link_to(listing.title) == f"/listings/{listing.slug}"


def test_the_answers_come_from_the_listing_pages_facts(pages, three):
    page = pages.get(f"/compare?ids={ids(three[:2])}")
    assert "Riverside College" in page
    assert "Level 3 (equivalent to" in page  # listing_facts' wording of a level
    assert "Full-time" in page and "30 hours a week" in page  # course_facts' study mode and hours
    assert "Start any time" in page and "Next start: 7 September 2099" in page
    assert "Five GCSEs" in page and "Apply through the college website by June." in page
    assert "Free" in page  # a price of £0
    assert "Not yet confirmed by the provider." in page


def test_four_is_the_most_and_repeated_ids_count_once(pages, make, three):
    fourth = make.listing(title="Fourth")
    assert pages.get(f"/compare?ids={ids(three)},{fourth.id}").h1 == "Compare 4 listings"
    assert pages.get(f"/compare?ids={three[0].id}&ids={three[1].id}&ids={three[0].id}").h1 == "Compare 2 listings"


def test_a_distance_from_a_place_when_one_is_given(pages, three):
    page = pages.get(f"/compare?ids={ids(three[:2])}&place=LS2")
    assert "Distances are from LS2" in page and ("miles away" in page or "Less than 1 mile away" in page)
    unknown = pages.get(f"/compare?ids={ids(three[:2])}&place=Nowhereville")
    assert "We could not find the place “Nowhereville”" in unknown


@pytest.mark.parametrize(
    "query, status, says",
    [
        ("", 400, "Choose at least 2 listings to compare."),
        ("?ids=", 400, "something other than listing numbers"),
        ("?ids={one}", 400, "Choose at least 2 listings to compare."),
        ("?ids=1,2,3,4,5", 400, "You can compare up to 4 listings at a time. You chose 5."),
        ("?ids=abc", 400, "something other than listing numbers"),
        ("?ids=1;2", 400, "something other than listing numbers"),
        ("?ids=99999999999,1", 400, "something other than listing numbers"),
        ("?ids=%00", 400, "something other than listing numbers"),
        ("?ids={one},987654", 404, "We could not find listing 987654."),
    ],
)
def test_bad_addresses_get_a_clear_error_page_never_a_500(pages, three, query, status, says):
    page = pages.get("/compare" + query.format(one=three[0].id), status=status)
    assert page.title.startswith("Error: ") and page.h1 == "These listings cannot be compared"
    assert says in page
    assert page.link_to("Choose listings from your shortlist") == "/shortlist#compare"


def test_a_listing_no_longer_public_cannot_be_compared(pages, db, three):
    three[1].status = "archived"
    db.session.commit()
    page = pages.get(f"/compare?ids={ids(three[:2])}", status=404)
    assert f"We could not find listing {three[1].id}." in page


def test_the_shortlist_page_offers_compare_for_two_or_more(client, pages, three):
    client.post("/shortlist", data={"add": three[0].id})
    assert "Add at least one more listing to compare" in pages.get("/shortlist")
    client.post("/shortlist", data={"add": three[1].id})
    page = pages.get("/shortlist")
    assert 'action="/compare"' in page.html and f'name="ids" type="checkbox" value="{three[1].id}" checked' in page.html
