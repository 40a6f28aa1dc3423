"""/routes: the steps from school to work and for career changers, per location; "what could come next"."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from directory import taxonomy
from tests.explore.conftest import result_count


def _step(page, code: str) -> str:
    """The HTML of one step on the routes page."""
    step = rf'<li class="app-route__step" id="step-{code}">(.*?)</li>\s*(?=<li class="app-route__step"|</ol>)'
    match = re.search(step, page.html, re.S)
    assert match, f"no step {code}"
    return match.group(1)


def test_route_steps_are_codes_from_the_vocabulary_and_each_leads_on_to_a_known_step():
    for route in taxonomy.ROUTES:
        for step in route.steps:
            assert step.description.strip() and step.label.strip()
            for name, codes in step.filters.items():
                assert set(codes) <= set(taxonomy.LISTING_FACETS[name].codes()), (step.code, name)
            assert step.next is None or step.next in taxonomy.ROUTE_STEPS
    school = [step.code for step in taxonomy.ROUTES[0].steps]
    assert school == ["outreach", "level-2-3", "level-4-5", "level-6-7", "in-work"]


def test_every_step_is_explained_with_its_count_and_a_link_to_the_search_that_counts_it(pages, spread):
    page = pages.get("/routes")
    assert [h for h in ("From school to work", "Changing career or coming back to work") if h in page] == [
        "From school to work",
        "Changing career or coming back to work",
    ]
    for route in taxonomy.ROUTES:
        for step in route.steps:
            html = _step(page, step.code)
            assert step.description in html.replace("&#39;", "'")
            link = re.search(r'href="([^"]+)">(?:See all (\d+) listing|search for it)', html)
            assert link, step.code
            count = int(link.group(2) or 0)
            assert result_count(pages.get(link.group(1).replace("&amp;", "&"))) == count, step.code
    assert "See all 1 listing" in _step(page, "level-4-5") and "HTQ in applied biology" in _step(page, "level-4-5")
    assert "Laboratory scientist degree apprenticeship" in _step(page, "level-6-7")
    assert "Data bootcamp in London" in _step(page, "bootcamp")
    assert "Genomics short course" in _step(page, "in-work")
    assert 'Next: <a class="govuk-link" href="#step-in-work">' in _step(page, "bootcamp")
    glasgow = pages.get("/routes?place=Glasgow")  # nothing Scottish: each step says so and links to the gaps
    assert "Nothing is listed for this step here yet" in _step(glasgow, "level-6-7")
    assert 'href="/coverage"' in _step(glasgow, "level-6-7")


def test_a_place_narrows_each_step_to_what_is_open_to_people_there(pages, spread):
    page = pages.get("/routes?place=Newcastle")
    assert "Showing listings in North East first" in page
    assert "Laboratory apprenticeship in Newcastle" in _step(page, "level-2-3")
    assert "England-wide T Level placements" in _step(page, "level-2-3")  # open to people in the North East
    assert "Data bootcamp in London" not in _step(page, "bootcamp")
    assert "UK-wide employment support" in _step(page, "employment-support")
    href = re.search(r'href="([^"]+)">See all', _step(page, "level-2-3")).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(href).query) == {
        "place": ["Newcastle"],
        "type": ["t-level", "apprenticeship", "college-course"],
        "level": ["level-2", "level-3"],
    }


def test_a_region_choice_works_like_the_search_region_filter(pages, spread):
    page = pages.get("/routes?region=wales")
    assert "Showing listings in Wales" in page
    assert '<option value="wales" selected>' in page.html
    assert "Science in Welsh schools" in _step(page, "outreach")
    assert "Laboratory apprenticeship in Newcastle" not in page


@pytest.mark.parametrize(
    "url",
    [
        "/routes?place=Nowhereville",
        "/routes?region=narnia&place=%00%00",
        "/routes?place=" + "x" * 3000,
        "/routes?region=wales&region=london&step=1",
    ],
)
def test_bad_or_unknown_locations_never_give_an_error(pages, spread, url):
    page = pages.get(url)
    assert "Routes into a life sciences career" in page.h1


def test_an_unknown_place_is_said_plainly(pages, spread):
    page = pages.get("/routes?place=Nowhereville")
    assert "We could not find the place “Nowhereville”" in page
    assert "Showing listings across the UK instead" in page


def test_a_listing_page_offers_what_could_come_next_one_step_up_in_its_topic_and_region(pages, spread):
    page = pages.get(f"/listings/{spread['ne-apprenticeship'].slug}")
    assert "What could come next" in page
    assert "Higher technical training: HTQs and higher apprenticeships (Levels 4 and 5)" in page
    assert page.link_to("HTQ in applied biology") == f"/listings/{spread['ne-htq'].slug}"
    href = page.link_to("See all 1 listing one step up")
    assert parse_qs(urlsplit(href).query) == {
        "type": ["htq", "apprenticeship", "college-course", "university-course"],
        "level": ["level-4", "level-5"],
        "topic": ["laboratory-science"],
        "region": ["north-east"],
    }
    assert result_count(pages.get(href)) == 1

    htq = pages.get(f"/listings/{spread['ne-htq'].slug}")
    assert htq.link_to("Laboratory scientist degree apprenticeship") == f"/listings/{spread['ne-degree'].slug}"
    assert "Data bootcamp in London" not in htq  # another topic and region


def test_next_steps_say_so_when_nothing_is_listed_and_are_absent_at_the_top(pages, spread):
    degree = pages.get(f"/listings/{spread['ne-degree'].slug}")
    assert "Keep learning in work: CPD and short courses" in degree
    assert "Nothing is listed one step up in this topic and region yet" in degree
    short = pages.get(f"/listings/{spread['two-regions'].slug}")  # in-work: the last step
    assert "What could come next" not in short
    initiative = pages.get(f"/listings/{spread['initiative'].slug}")
    assert "What could come next" not in initiative


def test_national_listings_look_for_the_next_step_anywhere_it_is_open(pages, spread):
    page = pages.get(f"/listings/{spread['england'].slug}")  # an England-wide T Level: next, Levels 4 and 5
    assert page.link_to("HTQ in applied biology")
    assert "region" not in parse_qs(urlsplit(page.link_to("one step up")).query)
