"""How listings appear as Open Referral services: faithful mapping, stable ids, only published data, filters."""

from __future__ import annotations

from datetime import datetime

import pytest

from directory import public_ids as ids
from directory import taxonomy


def get_json(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.get_data(as_text=True)[:300])
    assert response.mimetype == "application/json"
    return response.get_json()


def service_of(client, listing) -> dict:
    return get_json(client, f"/api/v1/services/{ids.service_id(listing.slug)}")


def test_root_names_the_standard_and_our_openapi_document(client):
    details = get_json(client, "/api/v1/")
    assert details["version"] == "HSDS-UK-3.0"
    assert details["openapi_url"].endswith("/api/v1/openapi.json")
    assert details["profile"].startswith("https://openreferraluk.org/")


def test_a_listing_maps_onto_a_service_faithfully(client, rich_listing):
    service = service_of(client, rich_listing)
    assert service["id"] == ids.service_id("lab-skills-bootcamp")
    assert service["name"] == "Laboratory skills bootcamp"
    assert service["organization_id"] == ids.organization_id("crick-academy")
    assert service["organization"]["name"] == "Crick Academy"
    assert service["url"] == "https://example.org/bootcamp"
    assert service["email"] == "bootcamp@example.org"
    assert service["status"] == "active"
    assert service["assured_date"] == "2026-10-01"
    assert service["last_modified"].endswith("Z")
    assert {area["name"] for area in service["service_areas"]} == {"London", "UK-wide", "Camden"}
    assert {option["option"] for option in service["cost_options"]} == {"Full price in pounds (GBP)", "Free", "Funded"}
    assert next(o for o in service["cost_options"] if o["option"] == "Free")["amount"] == 0
    price = service["cost_options"][0]
    assert price["amount"] == 1250.5
    assert price["amount_description"] == "Funding available: Loan; Free for eligible adults."
    terms = {(a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["term"]) for a in service["attributes"]}
    assert {
        ("Type of provision", "skills-bootcamp"),
        ("Directory section", "alternative-qualifications"),
        ("Qualification level", "level-3"),
        ("Who it is for", "career-changers"),
        ("How it is delivered", "online"),
        ("Sector topic", "laboratory-science"),
        ("Study mode", "part-time"),
        ("Funding available", "loan"),
    } <= terms
    assert [(s["dtstart"], s["valid_to"], s["notes"]) for s in service["schedules"]] == [
        ("2027-01-11", "2026-12-14", "Part-time, 16 hours a week."),
        ("2027-09-06", "2026-12-14", "Part-time, 16 hours a week."),
    ]
    assert service["schedules"][0]["description"] == "Cohorts start each January."
    kinds = {entry["location"]["location_type"] for entry in service["service_at_locations"]}
    assert kinds == {"physical", "virtual"}


@pytest.mark.parametrize(
    "availability, status",
    [("open", "active"), ("planned", "inactive"), ("temporarily-closed", "temporarily closed"), ("ended", "defunct")],
)
def test_availability_becomes_the_standards_status(client, make, availability, status):
    assert service_of(client, make.listing(availability=availability))["status"] == status


def test_optional_fields_are_left_out_not_null_and_bad_addresses_are_not_published(client, make):
    listing = make.listing(
        url="www.example.org no scheme", contact_email="not-an-email", costs=[], places=[], last_verified_at=None
    )
    service = service_of(client, listing)
    for absent in ("url", "email", "assured_date", "fees", "cost_options", "schedules", "service_at_locations"):
        assert absent not in service
    assert None not in _all_values(service)


def _all_values(value):
    if isinstance(value, dict):
        return [v for item in value.values() for v in _all_values(item)]
    if isinstance(value, list):
        return [v for item in value for v in _all_values(item)]
    return [value]


def test_ids_are_stable_uuids_pinned_for_ever(client, rich_listing):
    """Published ids are a public contract: these values must never change."""
    assert get_json(client, "/api/v1/services")["contents"][0]["id"] == "d2a71e79-9a39-53c3-8b25-ff4ba5fc5bb9"
    assert ids.taxonomy_id("region") == "256dc3d1-0404-5559-bb73-ee8d0039ce22"
    assert ids.service_id("x") != ids.organization_id("x")


def test_only_published_listings_and_organisations_with_them_are_served(client, make):
    shown = make.listing(title="Shown")
    hidden = make.listing(title="Draft", status="draft")
    archived = make.listing(title="Archived", status="archived")
    names = [s["name"] for s in get_json(client, "/api/v1/services")["contents"]]
    assert names == ["Shown"]
    get_json(client, f"/api/v1/services/{ids.service_id(hidden.slug)}", status=404)
    get_json(client, f"/api/v1/services/{ids.service_id(archived.slug)}", status=404)
    organisations = [o["id"] for o in get_json(client, "/api/v1/organizations")["contents"]]
    assert organisations == [ids.organization_id(shown.organisation.slug)]
    get_json(client, f"/api/v1/organizations/{ids.organization_id(hidden.organisation.slug)}", status=404)


def test_paged_envelope(client, make):
    for n in range(5):
        make.listing(title=f"Course {n}")
    body = get_json(client, "/api/v1/services?per_page=2&page=3")
    assert {k: body[k] for k in body if k != "contents"} == {
        "total_items": 5,
        "total_pages": 3,
        "page_number": 3,
        "size": 1,
        "first_page": False,
        "last_page": True,
        "empty": False,
    }
    assert [s["name"] for s in body["contents"]] == ["Course 4"]
    beyond = get_json(client, "/api/v1/services?per_page=2&page=4")
    assert beyond["empty"] is True and beyond["contents"] == []


def test_filters_by_taxonomy_term_taxonomy_and_organisation(client, make):
    wales = make.listing(title="Welsh course", region="wales", levels=[])
    make.listing(title="London course", region="london", levels=["level-3"])
    term = ids.taxonomy_term_id("region", "wales")
    assert [s["name"] for s in get_json(client, f"/api/v1/services?taxonomy_term_id={term}")["contents"]] == [
        "Welsh course"
    ]
    levels = ids.taxonomy_id("level")
    assert [s["name"] for s in get_json(client, f"/api/v1/services?taxonomy_id={levels}")["contents"]] == [
        "London course"
    ]
    org = ids.organization_id(wales.organisation.slug)
    assert [s["name"] for s in get_json(client, f"/api/v1/services?organization_id={org}")["contents"]] == [
        "Welsh course"
    ]
    nobody = get_json(client, "/api/v1/services?organization_id=7a0c1c4e-1111-4111-8111-111111111111")
    assert nobody["contents"] == [] and nobody["empty"] is True


def test_modified_after_and_search(client, make, reindex):
    make.listing(title="Old bioinformatics course", updated_at=datetime(2025, 1, 1))
    make.listing(title="New genomics course", updated_at=datetime(2026, 6, 1))
    reindex()
    after = get_json(client, "/api/v1/services?modified_after=2026-01-01T00:00:00Z")["contents"]
    assert [s["name"] for s in after] == ["New genomics course"]
    found = get_json(client, "/api/v1/services?search=bioinformatics")["contents"]
    assert [s["name"] for s in found] == ["Old bioinformatics course"]


def test_minimal_gives_only_the_required_fields_and_last_modified(client, rich_listing):
    item = get_json(client, "/api/v1/services?minimal=true")["contents"][0]
    assert set(item) == {"id", "name", "status", "last_modified"}


def test_postcode_and_proximity(client, make):
    make.listing(title="Kings Cross", postcode="N1C 4AG", latitude=51.5347, longitude=-0.1246)
    make.listing(title="Euston", postcode="NW1 2DB", latitude=51.5282, longitude=-0.1337)
    make.listing(title="Cambridge", postcode="CB2 0QQ", latitude=52.1751, longitude=0.1406)
    names = lambda url: [s["name"] for s in get_json(client, url)["contents"]]  # noqa: E731
    assert names("/api/v1/services?postcode=N1C%204AG") == ["Kings Cross"]
    assert names("/api/v1/services?postcode=NW1") == ["Euston"]
    assert names("/api/v1/services?postcode=N1C4AG&proximity=2000") == ["Euston", "Kings Cross"]
    assert names("/api/v1/services?postcode=SW1A&proximity=2000") == []  # Euston is 2.6 km from SW1A's centre
    assert names("/api/v1/services?postcode=SW1A&proximity=3000") == ["Euston"]
    assert names("/api/v1/services?postcode=BT9&proximity=3000") == []  # no open coordinates in Northern Ireland


def test_taxonomies_publish_every_vocabulary_with_stable_ids(client):
    body = get_json(client, "/api/v1/taxonomies?per_page=100")
    assert body["total_items"] == len(taxonomy.ALL_VOCABULARIES)
    regions = get_json(client, f"/api/v1/taxonomies/{ids.taxonomy_id('region')}")
    assert [t["term"] for t in regions["taxonomy_terms"]] == taxonomy.REGIONS.codes()
    term = get_json(client, f"/api/v1/taxonomy_terms/{ids.taxonomy_term_id('type', 'htq')}")
    assert term["name"] == "Higher Technical Qualification" and term["taxonomy_id"] == ids.taxonomy_id("type")
    only_costs = get_json(client, f"/api/v1/taxonomy_terms?taxonomy_id={ids.taxonomy_id('cost')}")
    assert [t["term"] for t in only_costs["contents"]] == taxonomy.COSTS.codes()


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("per_page=0", "per_page"),
        ("per_page=100000", "per_page"),
        ("page=-1", "page"),
        ("page=abc", "page"),
        ("modified_after=yesterday", "modified_after"),
        ("taxonomy_id=00000000-0000-0000-0000-000000000000", "taxonomy_id"),
        ("taxonomy_term_id=not-a-uuid", "taxonomy_term_id"),
        ("organization_id=ab12", "organization_id"),
        ("format=xml", "format"),
        ("minimal=yes", "minimal"),
        ("colour=blue", "colour"),
        ("page=1&page=2", "page"),
        ("proximity=100", "proximity"),
        ("postcode=NOT A POSTCODE", "postcode"),
    ],
)
def test_bad_parameters_get_a_400_with_a_json_body_naming_them(client, query, parameter):
    body = get_json(client, f"/api/v1/services?{query}", status=400)
    assert body["code"] == 400 and body["parameter"] == parameter and body["message"]


@pytest.mark.parametrize("path", ["services", "organizations", "taxonomies", "taxonomy_terms", "service_at_locations"])
def test_unknown_ids_get_a_404_with_a_json_body(client, path):
    body = get_json(client, f"/api/v1/{path}/00000000-0000-0000-0000-000000000000", status=404)
    assert body["code"] == 404
    get_json(client, f"/api/v1/{path}/not-even-a-uuid", status=404)
