"""Each visibility rule is written once (directory/listings/rules.py): its Python and SQL forms agree on the same rows,
on SQLite and PostgreSQL, and every page that applies a rule moves with the one constant."""

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from directory import clock, taxonomy
from directory.extensions import db
from directory.freshness.services import listings_needing_verification
from directory.listings import documents, queries
from directory.listings.models import Listing
from directory.listings.rules import AGES_IN_WORDS, STALE_AFTER, VERIFY_AFTER, in_words
from tests.factories import Factories

AT = datetime(2027, 3, 1, 12, 0)
SECOND = timedelta(seconds=1)


@pytest.fixture
def make_any(any_app):
    return Factories(db)


def _rows(make) -> list[Listing]:
    """Listings on each side of both ages, vouched for in each of the four ways, in every status."""
    rows = []
    for age in (
        VERIFY_AFTER - SECOND,
        VERIFY_AFTER,
        VERIFY_AFTER + SECOND,
        STALE_AFTER - SECOND,
        STALE_AFTER,
        STALE_AFTER + SECOND,
    ):
        when = AT - age
        rows += [
            make.listing(last_verified_at=when, published_at=AT),  # the provider confirmed
            make.listing(published_at=when, created_at=when - timedelta(days=9)),  # published, never confirmed
            make.listing(status=taxonomy.DRAFT, created_at=when),
        ]  # never published
    for code in taxonomy.SOURCE_DATES:  # the source document's date
        rows.append(make.listing(source=code, published_at=AT, created_at=AT))
    rows += [
        make.listing(status=status, last_verified_at=AT - VERIFY_AFTER)
        for status in (taxonomy.PENDING, taxonomy.REJECTED, taxonomy.ARCHIVED)
    ]
    return rows


RULES = {
    "is_public": (lambda listing: listing.is_public, lambda: Listing.is_public),
    "needs_verification": (lambda listing: listing.needs_verification(AT), lambda: Listing.needs_verification(AT)),
    "is_stale": (lambda listing: listing.is_stale(AT), lambda: Listing.is_stale(AT)),
    "is_searchable": (lambda listing: listing.is_searchable(AT), lambda: Listing.is_searchable(AT)),
}


@pytest.mark.parametrize("rule", RULES)
def test_each_rules_python_and_sql_forms_pick_the_same_rows(make_any, rule):
    rows = _rows(make_any)
    in_python, in_sql = RULES[rule]
    expected = {listing.id for listing in rows if in_python(listing)}
    assert expected and expected != {listing.id for listing in rows}  # the rule splits the rows, so it can fail
    assert set(db.session.scalars(sa.select(Listing.id).where(in_sql()))) == expected


def test_verified_since_is_the_same_date_in_python_and_sql(make_any):
    rows = _rows(make_any)
    in_sql = dict(db.session.execute(sa.select(Listing.id, Listing.verified_since)).all())
    assert {listing.id: listing.verified_since for listing in rows} == in_sql
    dated = next(listing for listing in rows if listing.source == "sector-plan")
    assert in_sql[dated.id] == datetime(2025, 5, 1)  # the document's date, not the day it was loaded


def test_the_ages_are_exact(make):
    listing = make.listing(last_verified_at=AT - VERIFY_AFTER)
    assert listing.needs_verification(AT) and not listing.needs_verification(AT - SECOND)
    listing.last_verified_at = AT - STALE_AFTER
    assert listing.is_stale(AT) and not listing.is_searchable(AT)
    assert listing.is_searchable(AT - SECOND) and not listing.is_stale(AT - SECOND)


def test_the_ages_in_words_come_from_the_ages(make, client):
    assert AGES_IN_WORDS == {"verify": "a year", "stale": "18 months"}
    assert in_words(timedelta(days=183)) == "6 months" and in_words(timedelta(days=730)) == "24 months"
    stale = make.listing(last_verified_at=clock.now() - STALE_AFTER)
    assert f"for over {AGES_IN_WORDS['stale']}, so it may" in client.get(f"/listings/{stale.slug}").get_data(
        as_text=True
    )
    root = Path(__file__).parents[2] / "templates"
    retyped = [
        path.name
        for path in root.rglob("*.*")
        for words in AGES_IN_WORDS.values()
        if f"over {words}" in path.read_text(encoding="utf-8") or f"for {words}" in path.read_text(encoding="utf-8")
    ]
    assert retyped == []


def _on(monkeypatch, at: datetime) -> None:
    monkeypatch.setattr(clock, "now", lambda: at)


def test_a_listing_just_past_the_stale_age_leaves_search_the_home_page_and_api_search(client, make, monkeypatch):
    """One constant moves every reader of "searchable": the index, /search, the home page counts, the API's
    search= (the unfiltered API lists every published listing, stale or not: docs/api.md)."""
    _on(monkeypatch, AT)
    fresh = make.listing(title="Fresh genomics course", region="wales", last_verified_at=AT - STALE_AFTER + SECOND)
    stale = make.listing(title="Stale genomics course", region="wales", last_verified_at=AT - STALE_AFTER)
    from directory.listings.indexing import reconcile

    reconcile()
    assert set(documents.searchable_versions()) == {fresh.id}
    assert queries.facet_counts()["region"]["wales"] == 1
    home = client.get("/").get_data(as_text=True)
    assert re.search(r'href="/regions/wales">Wales</a>\s*<span class="app-count">1 listing</span>', home)
    found = client.get("/api/v1/services?search=genomics").get_json()["contents"]
    assert [service["name"] for service in found] == ["Fresh genomics course"]
    listed = client.get("/api/v1/services").get_json()["contents"]
    assert {service["name"] for service in listed} == {"Fresh genomics course", "Stale genomics course"}
    assert "Stale genomics course" not in client.get("/search?q=genomics").get_data(as_text=True)
    assert stale.is_stale() and not fresh.is_stale()


def test_a_listing_just_past_the_verification_age_is_flagged_and_reminded(make, monkeypatch):
    _on(monkeypatch, AT)
    due = make.listing(title="Due", last_verified_at=AT - VERIFY_AFTER)
    make.listing(title="Not yet", organisation=due.organisation, last_verified_at=AT - VERIFY_AFTER + SECOND)
    make.listing(title="Draft", organisation=due.organisation, status=taxonomy.DRAFT, created_at=AT - STALE_AFTER)
    assert listings_needing_verification() == {due.organisation_id: [due]}
    assert due.needs_verification() and due.is_searchable()  # asked to re-verify, still in search until stale


def test_the_partners_flag_has_one_label_read_by_search_cards_exports_and_alerts(client, make):
    from directory.alerts.searches import describe
    from directory.api.exports import ExportQuery
    from directory.listings.indexing import reconcile

    label = taxonomy.SEEKING_PARTNERS.label
    make.listing(title="Partnered course", region="wales", seeks_partners=True)
    reconcile()
    search_page = client.get("/search?partners=1").get_data(as_text=True)
    assert f'for="partners-1">{label} <span class="app-count">(1)</span>' in search_page  # the facet
    assert f"Employer partners: {label}</a>" in search_page  # the selection
    assert f'govuk-tag--green">{label}</strong>' in search_page  # the result's tag
    assert f'govuk-tag--green">{label}</strong>' in client.get("/regions/wales").get_data(as_text=True)
    assert ExportQuery("", "", {"partners": ["1"]}).description() == f"Listings ({label})"
    assert describe({"query": "", "place": "", "filters": {"partners": ["1"]}}) == [("Employer partners", label)]


STATUS_LITERAL = re.compile(
    r"""status\s*(?:[!=]=|=)\s*["'](?:{})["']""".format("|".join(taxonomy.LISTING_STATUSES.codes()))
)


def test_no_code_or_template_retypes_a_listing_status():
    """Statuses are named once (taxonomy.DRAFT... PUBLISHED), and "published" is Listing.is_public."""
    root = Path(__file__).parents[2]
    files = [*root.joinpath("directory").rglob("*.py"), *root.joinpath("templates").rglob("*.html")]
    found = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in files
        for match in STATUS_LITERAL.finditer(path.read_text(encoding="utf-8"))
    ]
    assert len(files) > 100 and found == []


COVERAGE = ("london", "england", "great-britain", "uk-wide", "scotland", "northern-ireland", "wales")


@pytest.mark.parametrize("region", ["london", "scotland", "northern-ireland", "great-britain"])
def test_every_region_filter_reads_one_inclusion_rule(client, make, region):
    """geography.open_to is the rule; the engine, the region page, the coverage map's "open to people there",
    the downloads and alerts all give its answer (none spells out "and the UK's too" for itself)."""
    import csv
    import io
    from types import SimpleNamespace

    from directory import geography
    from directory.alerts.searches import matching_ids
    from directory.listings.indexing import reconcile
    from directory.search import crosstab, search_ids

    listings = {code: make.listing(title=f"Course covering {code}", region=code) for code in COVERAGE}
    reconcile()
    expected = {listings[code].id for code in geography.open_to([region]) if code in listings}
    assert listings["uk-wide"].id in expected and listings["wales"].id not in expected
    assert set(search_ids("", {"region": [region]})) == expected
    assert {listing.id for listing in queries.region_listings(region)[0]} == expected
    assert crosstab("region", "type").reach[region] == len(expected)
    download = client.get(f"/search.csv?region={region}").get_data(as_text=True).lstrip("\ufeff")
    assert {row["title"] for row in csv.DictReader(io.StringIO(download))} == {
        listing.title for listing in listings.values() if listing.id in expected
    }
    alert = SimpleNamespace(query="", filters={"region": [region]}, place="", distance=None, national=True)
    assert set(matching_ids(alert)) == expected


def test_an_organisation_with_only_stale_listings_keeps_its_page_but_leaves_the_providers_search(
    client, make, monkeypatch
):
    """/providers describes what organisations offer from searchable listings; their pages, the API and the
    sitemap need only a published one (docs/data-model.md)."""
    _on(monkeypatch, AT)
    fresh = make.listing(last_verified_at=AT - STALE_AFTER + SECOND).organisation
    stale = make.listing(last_verified_at=AT - STALE_AFTER).organisation
    from directory.listings.indexing import reconcile

    reconcile()
    listed = client.get("/providers").get_data(as_text=True)
    assert f'href="/providers/{fresh.slug}"' in listed and f'href="/providers/{stale.slug}"' not in listed
    assert client.get(f"/providers/{stale.slug}").status_code == 200
    organisations = client.get("/api/v1/organizations").get_json()["contents"]
    assert {organisation["name"] for organisation in organisations} == {fresh.name, stale.name}


def test_a_place_in_the_apis_search_includes_wider_provision_as_search_does(client, make):
    from directory.listings.indexing import reconcile

    for code in ("scotland", "great-britain", "uk-wide", "england", "wales"):
        make.listing(title=f"Bioscience course {code}", region=code)
    reconcile()
    found = client.get("/api/v1/services?search=bioscience%20Glasgow").get_json()["contents"]
    assert {service["name"] for service in found} == {
        "Bioscience course scotland",
        "Bioscience course great-britain",
        "Bioscience course uk-wide",
    }
