"""Open Referral UK 3.0 conformance, offline: our feed passes the validator's procedure with no failure or warning,
in the validator's mode and with every object closed; and our checker grades the validator's own fixtures as the
validator does (Default passes, Warn warns, Fail fails)."""

from __future__ import annotations

import json

import pytest

from tests.api.conformance import FAIL, PASS, WARN, check_feed, flask_feed, mock_feed, parse_version


@pytest.mark.parametrize(
    "fixture, expected", [("V3.0-UK-Default", PASS), ("V3.0-UK-Warn", WARN), ("V3.0-UK-Fail", FAIL)]
)
def test_checker_grades_the_validators_fixtures_as_the_validator_does(conformance, schemas, fixture, expected):
    report = check_feed(mock_feed(conformance / "oruk-3.0" / "validator-mocks" / fixture), schemas)
    assert report.classification == expected, report.summary()


def test_checker_reports_why_the_fail_fixture_fails(conformance, schemas):
    report = check_feed(mock_feed(conformance / "oruk-3.0" / "validator-mocks" / "V3.0-UK-Fail"), schemas)
    services = next(e for e in report.endpoints if e.path == "/services")
    assert any("'profile' is a required property" in p for p in report.problems)
    assert any("is not a 'email'" in f for f in services.failures)
    assert any("is not a 'uri'" in f for f in services.failures)
    assert any("'name' is a required property" in f for f in services.failures)


def test_version_is_read_as_the_validator_reads_it():
    assert parse_version("HSDS-UK-3.0") == 3.0
    assert parse_version("V3.0") == 3.0
    assert parse_version("three") is None


@pytest.mark.parametrize("mode", ["schemas", "strict_schemas"])
def test_our_feed_passes_every_endpoint_with_nothing_to_warn_about(request, client, seeded, rich_listing, mode):
    report = check_feed(flask_feed(client), request.getfixturevalue(mode))
    assert report.classification == PASS, report.summary()
    assert all(e.implemented and e.requests > 1 for e in report.endpoints), report.summary()
    assert not any(e.warnings for e in report.endpoints)


def test_filtered_and_minimal_lists_stay_within_the_list_schema(client, seeded, rich_listing, strict_schemas):
    taxonomy_id = _first_id(client, "/api/v1/taxonomies")
    for query in (
        "minimal=true",
        "per_page=3&page=2",
        "search=laboratory",
        f"taxonomy_id={taxonomy_id}",
        "modified_after=2020-01-01",
        "postcode=NW1",
    ):
        body = client.get(f"/api/v1/services?{query}").get_json()
        assert body["contents"], query
        assert not strict_schemas.errors("service_list.json", body), query


@pytest.mark.parametrize(
    "path, list_schema, item_schema",
    [
        ("/services", "service_list.json", "service.json"),
        ("/organizations", "organization_list.json", "organization.json"),
        ("/service_at_locations", "service_at_location_list.json", "service_at_location_list.json"),
    ],
)
def test_full_lists_hold_fully_nested_items(
    client, seeded, rich_listing, strict_schemas, path, list_schema, item_schema
):
    """With full=true each item is the full record (the /{id} schema); the envelope is the list schema's."""
    body = client.get(f"/api/v1{path}?full=true&per_page=100").get_json()
    assert body["contents"]
    if item_schema == list_schema:
        assert not strict_schemas.errors(list_schema, body)
        return
    assert not strict_schemas.errors(list_schema, {**body, "contents": []})
    for item in body["contents"]:
        assert not strict_schemas.errors(item_schema, item)


def test_ndjson_lines_are_valid_services(client, seeded, strict_schemas):
    response = client.get("/api/v1/services?format=ndjson")
    assert response.mimetype == "application/x-ndjson"
    lines = response.get_data(as_text=True).splitlines()
    assert len(lines) == client.get("/api/v1/services").get_json()["total_items"] > 50
    for line in lines:
        assert not strict_schemas.errors("service_list.json", {"contents": [json.loads(line)]})


def _first_id(client, url: str) -> str:
    return client.get(url).get_json()["contents"][0]["id"]
