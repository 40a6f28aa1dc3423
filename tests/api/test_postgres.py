"""The API on PostgreSQL, as production runs it: the seeded feed passes the strict conformance check and the
filters that build SQL (taxonomy terms, organisation, modified_after, paging) answer as on SQLite."""

from __future__ import annotations

import pytest

from directory import public_ids as ids
from directory.listings.seed import load, read_seed_dir
from tests.api.conformance import PASS, check_feed, flask_feed

pytestmark = pytest.mark.postgres


def test_seeded_feed_conforms_and_filters_work_on_postgresql(pg_app, seed_dir, strict_schemas):
    from directory.listings.indexing import reconcile

    load(read_seed_dir(seed_dir))
    reconcile()
    client = pg_app.test_client()
    report = check_feed(flask_feed(client), strict_schemas)
    assert report.classification == PASS, report.summary()

    london = ids.taxonomy_term_id("region", "london")
    in_london = client.get(f"/api/v1/services?taxonomy_term_id={london}&per_page=500").get_json()
    assert in_london["total_items"] > 0
    for item in in_london["contents"]:
        full = client.get(f"/api/v1/services/{item['id']}").get_json()
        assert "London" in {area["name"] for area in full["service_areas"]}
    first_org = client.get("/api/v1/organizations").get_json()["contents"][0]["id"]
    by_org = client.get(f"/api/v1/services?organization_id={first_org}").get_json()
    assert by_org["total_items"] > 0 and all(s["organization_id"] == first_org for s in by_org["contents"])
    assert client.get("/api/v1/services?modified_after=2999-01-01").get_json()["total_items"] == 0
    assert client.get("/api/v1/services?search=apprenticeship").get_json()["total_items"] > 0
