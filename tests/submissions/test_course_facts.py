"""Course facts (start dates, apply-by, study mode, hours, entry requirements, price, funding) on every surface:
the provider's form, the CSV template and upload, the listing page, result cards, search filters and sort, exports."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from directory import clock
from directory.extensions import db
from directory.listings.models import Listing
from tests.submissions.helpers import write_listing

TODAY = clock.now().date()


@pytest.fixture
def reindex(app):
    from directory.listings.indexing import reconcile

    return reconcile


def _in(days: int) -> date:
    return TODAY + timedelta(days=days)


def _typed(day: date) -> str:
    return f"{day.day} {day.month} {day.year}"


def _words(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@pytest.fixture
def course_answers(answers):
    return dict(
        answers,
        start_dates=f"{_typed(_in(200))}\n{_typed(_in(20))}",
        apply_by=[*_typed(_in(10)).split()],
        study_modes=["part-time", "flexible"],
        hours_per_week="7.5",
        entry_requirements="GCSE maths.",
        cost_pounds="£1,250.50",
        funding=["loan", "employer-paid"],
        url="www.example.org/course",
    )


def test_the_form_saves_course_facts_and_the_preview_shows_them(client, pages, provider, course_answers):
    listing_id, response = write_listing(client, course_answers)
    assert response.status_code == 302
    listing = db.session.get(Listing, listing_id)
    assert listing.start_dates == [_in(20).isoformat(), _in(200).isoformat()]
    assert listing.next_start_date == _in(20) and listing.apply_by == _in(10)
    assert (listing.study_modes, listing.funding) == (["part-time", "flexible"], ["loan", "employer-paid"])
    assert (listing.hours_per_week, listing.cost_pounds) == (7.5, 1250.5)
    assert listing.url == "https://www.example.org/course"  # typed without https://

    when = pages.get(f"/dashboard/listings/{listing_id}/edit/when")
    assert f"{_typed(_in(20))}\n{_typed(_in(200))}" in when.html and 'value="7.5"' in when.html
    assert 'value="1250.5"' in pages.get(f"/dashboard/listings/{listing_id}/edit/cost").html
    facts = pages.get(f"/dashboard/listings/{listing_id}/preview").html.split('id="course-facts"')[1]
    text = " ".join(facts.split())
    for expected in (
        f"{_words(_in(20))}; {_words(_in(200))}; Every September",
        _words(_in(10)),
        "Part-time, Flexible",
        "7.5 hours a week",
        "GCSE maths.",
        "£1,250.50 (before any funding)",
        "Loan, Employer-paid",
    ):
        assert expected in text, expected


def test_a_past_start_date_is_not_shown_as_coming(make):
    listing = make.listing(start_dates=[_in(-30).isoformat(), _in(40).isoformat()])
    assert listing.upcoming_start_dates() == [_in(40)] and listing.next_start() == _in(40)


def test_the_listing_page_and_cards_show_the_next_start(pages, make, reindex):
    org = make.organisation(slug="college", name="College")
    make.listing(
        organisation=org,
        slug="dated",
        title="Dated course",
        start_dates=[_in(45).isoformat()],
        study_modes=["full-time"],
        hours_per_week=30,
        cost_pounds=0,
        funding=["free-for-eligible-adults"],
    )
    make.listing(organisation=org, slug="rolling", title="Rolling course", rolling=True)
    reindex()
    page = pages.get("/listings/dated")
    facts = " ".join(page.html.split('id="course-facts"')[1].split())
    assert _words(_in(45)) in facts and "Full-time" in facts and "30 hours a week" in facts
    assert "Free" in facts and "Free for eligible adults" in facts
    assert f"Next start: {_words(_in(45))}" in pages.get("/search").text
    assert "Start any time" in pages.get("/search").text
    assert f"Next start: {_words(_in(45))}" in pages.get("/providers/college").text


@pytest.fixture
def dated(make, reindex):
    made = {
        "soon": make.listing(title="Soon", start_dates=[_in(30).isoformat()], study_modes=["part-time"]),
        "later": make.listing(title="Later", start_dates=[_in(150).isoformat()], study_modes=["full-time"]),
        "next_year": make.listing(title="Next year", start_dates=[_in(300).isoformat()]),
        "past": make.listing(title="Past", start_dates=[_in(-10).isoformat()]),
        "rolling": make.listing(title="Any time", rolling=True, study_modes=["flexible"]),
    }
    reindex()
    return made


def _titles(page) -> list[str]:
    return [
        card.split(">", 1)[1].split("<")[0]
        for card in page.html.split('class="app-card__title"><a class="govuk-link"')[1:]
    ]


@pytest.mark.parametrize(
    "months, expected",
    [
        ("3", {"Soon", "Any time"}),
        ("6", {"Soon", "Later", "Any time"}),
        ("12", {"Soon", "Later", "Next year", "Any time"}),
    ],
)
def test_starts_within_filters_by_the_coming_dates(pages, dated, months, expected):
    page = pages.get(f"/search?starts={months}")
    assert set(_titles(page)) == expected
    assert f"Remove filter Starts within: {months} months" in page.text


def test_study_mode_is_a_filter_with_counts(pages, dated):
    page = pages.get("/search?study_mode=part-time&study_mode=flexible")
    assert set(_titles(page)) == {"Soon", "Any time"}
    assert 'id="study_mode-full-time"' in page.html and 'Full-time <span class="app-count">(1)' in page.html


def test_sort_by_start_date_puts_rolling_then_the_soonest_first(pages, dated):
    assert _titles(pages.get("/search?sort=start"))[:4] == ["Any time", "Soon", "Later", "Next year"]


def test_exports_carry_the_course_facts(client, make, reindex):
    make.listing(
        title="Priced course",
        start_dates=[_in(20).isoformat(), _in(90).isoformat()],
        apply_by=_in(5),
        study_modes=["part-time"],
        hours_per_week=16,
        entry_requirements="None.",
        cost_pounds=1250.5,
        funding=["loan"],
    )
    reindex()
    row = next(csv.DictReader(io.StringIO(client.get("/search.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert row["start_dates"] == f"{_in(20).isoformat()}; {_in(90).isoformat()}"
    assert (row["next_start_date"], row["apply_by"]) == (_in(20).isoformat(), _in(5).isoformat())
    assert (row["study_modes"], row["hours_per_week"], row["cost_pounds"], row["funding"]) == (
        "Part-time",
        "16",
        "1250.50",
        "Loan",
    )
    item = json.loads(client.get("/search.json").get_data(as_text=True))
    item = item["listings"][0] if isinstance(item, dict) else item[0]
    assert item["start_dates"] == [_in(20).isoformat(), _in(90).isoformat()] and item["entry_requirements"] == "None."


def test_the_csv_template_and_upload_round_trip_the_course_facts(client, provider):
    template = client.get("/dashboard/upload/template.csv").get_data(as_text=True).lstrip("\ufeff")
    header = next(csv.reader(io.StringIO(template)))
    for column in (
        "start_dates",
        "apply_by",
        "study_modes",
        "hours_per_week",
        "entry_requirements",
        "cost_pounds",
        "funding",
    ):
        assert column in header
    row = {
        "title": "Uploaded course",
        "summary": "S.",
        "description": "D.",
        "provision_type": "short-course",
        "section": "job-focused-training",
        "regions": "london",
        "availability": "open",
        "start_dates": f"{_in(60).isoformat()};{_in(30).isoformat()}",
        "apply_by": _in(25).isoformat(),
        "study_modes": "part-time",
        "hours_per_week": "12",
        "entry_requirements": "None",
        "cost_pounds": "£300",
        "funding": "loan|employer-paid",
    }
    out = io.StringIO()
    csv.writer(out).writerows([list(row), list(row.values())])
    response = client.post(
        "/dashboard/upload",
        data={"file": (io.BytesIO(out.getvalue().encode()), "x.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    listing = db.session.scalars(sa.select(Listing)).one()
    assert listing.start_dates == [_in(30).isoformat(), _in(60).isoformat()] and listing.apply_by == _in(25)
    assert (listing.study_modes, listing.funding) == (["part-time"], ["loan", "employer-paid"])
    assert (listing.hours_per_week, listing.cost_pounds, listing.entry_requirements) == (12, 300, "None")


def test_every_question_is_in_exactly_one_section():
    from directory.submissions.sections import SECTIONS

    names = [name for section in SECTIONS for name in section.answer_names()]
    assert sorted(names) == sorted(Listing.EDITABLE_FIELDS)
