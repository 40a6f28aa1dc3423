"""Listing pages embed schema.org JSON-LD that uses only real types and properties allowed on them (schema.org
30.0, from the shared conformance folder); the sitemap and robots.txt guide crawlers."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET

import extruct
import pytest

SCHEMA = "https://schema.org/"


class Vocabulary:
    def __init__(self, folder):
        with open(folder / "schemaorg-current-https-types.csv", newline="") as f:
            self.parents = {row["label"]: _labels(row["subTypeOf"]) for row in csv.DictReader(f)}
        with open(folder / "schemaorg-current-https-properties.csv", newline="") as f:
            self.domains = {row["label"]: _labels(row["domainIncludes"]) for row in csv.DictReader(f)}

    def ancestors(self, kind: str) -> set[str]:
        found, todo = set(), [kind]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo += self.parents.get(current, [])
        return found

    def problems(self, node, path="$") -> list[str]:
        """Every unknown type, unknown property or property not allowed on its type, anywhere in the graph."""
        if isinstance(node, list):
            return [p for i, item in enumerate(node) for p in self.problems(item, f"{path}[{i}]")]
        if not isinstance(node, dict):
            return []
        problems = []
        kind = node.get("@type")
        if kind is not None and kind not in self.parents:
            problems.append(f"{path}: no type {kind}")
        for key, value in node.items():
            if key.startswith("@"):
                continue
            if key not in self.domains:
                problems.append(f"{path}.{key}: no such property")
            elif kind and not (self.ancestors(kind) & set(self.domains[key])):
                problems.append(f"{path}.{key}: not allowed on {kind}")
            problems += self.problems(value, f"{path}.{key}")
        return problems


def _labels(cell: str) -> list[str]:
    return [part.strip().removeprefix(SCHEMA) for part in cell.split(",") if part.strip()]


@pytest.fixture(scope="session")
def schemaorg(conformance):
    folder = conformance / "schemaorg-30.0"
    if not folder.is_dir():
        pytest.skip("schema.org 30.0 vocabulary not found in the conformance folder")
    return Vocabulary(folder)


def json_ld(pages, listing) -> dict:
    page = pages.get(f"/listings/{listing.slug}")
    found = extruct.extract(page.html, syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert len(found) == 1
    return found[0]


def test_the_checker_catches_misused_properties(schemaorg):
    assert schemaorg.problems({"@type": "Course", "name": "x"}) == []
    assert schemaorg.problems({"@type": "Course", "timeToComplete": "P1Y"}) == [
        "$.timeToComplete: not allowed on Course"
    ]
    assert schemaorg.problems({"@type": "Coarse"}) == ["$: no type Coarse"]
    assert schemaorg.problems({"@type": "Course", "colour": "red"}) == ["$.colour: no such property"]


@pytest.mark.parametrize(
    "provision_type, expected",
    [
        ("apprenticeship", "WorkBasedProgram"),
        ("short-course", "Course"),
        ("skills-bootcamp", "EducationalOccupationalProgram"),
    ],
)
def test_each_listing_page_describes_its_provision(pages, make, schemaorg, provision_type, expected):
    listing = make.listing(
        provision_type=provision_type,
        title="Lab skills </script><script>alert(1)</script>",
        costs=["free"],
        postcode="M1 1AA",
        address="1 Science Park",
        latitude=53.47,
        longitude=-2.24,
        levels=["level-3"],
        delivery=["blended"],
    )
    data = json_ld(pages, listing)
    assert data["@type"] == expected
    assert data["name"] == listing.title, "the title survives, escaped safely inside <script>"
    assert data["provider"]["@type"] == "Organization"
    assert data["provider"]["name"] == listing.organisation.name
    assert data["offers"]["price"] == 0 and data["offers"]["priceCurrency"] == "GBP"
    assert data["offers"]["areaServed"] == [{"@type": "AdministrativeArea", "name": "London"}]
    assert data["offers"]["availableAtOrFrom"]["address"]["postalCode"] == "M1 1AA"
    assert schemaorg.problems(data) == []


def test_every_seeded_listing_uses_only_allowed_types_and_properties(pages, seeded, schemaorg):
    from directory.listings.models import Listing

    for listing in seeded.session.query(Listing).filter_by(status="published"):
        data = json_ld(pages, listing)
        assert schemaorg.problems(data) == [], listing.slug


def sitemap_locations(client) -> list[str]:
    """Every address in the sitemap: the index's files, each fetched and read."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = client.get("/sitemap.xml")
    assert index.mimetype == "application/xml"
    locations = []
    for file_url in [loc.text for loc in ET.fromstring(index.data).findall("s:sitemap/s:loc", ns)]:
        response = client.get(file_url.removeprefix("http://127.0.0.1:5000"))
        assert response.status_code == 200 and response.mimetype == "application/xml"
        locations += [loc.text for loc in ET.fromstring(response.data).findall("s:url/s:loc", ns)]
    return locations


def test_sitemap_lists_home_regions_published_listings_and_their_providers(client, make):
    shown = make.listing()
    hidden = make.listing(status="draft")
    locations = sitemap_locations(client)
    site = "http://127.0.0.1:5000"
    assert f"{site}/" in locations and f"{site}/regions/wales" in locations
    assert f"{site}/listings/{shown.slug}" in locations
    assert f"{site}/providers/{shown.organisation.slug}" in locations
    assert f"{site}/listings/{hidden.slug}" not in locations
    assert f"{site}/providers/{hidden.organisation.slug}" not in locations


def test_robots_points_at_the_sitemap_and_keeps_crawlers_out_of_private_areas(client):
    text = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: http://127.0.0.1:5000/sitemap.xml" in text
    for path in ("/dashboard", "/moderation", "/account"):
        assert f"Disallow: {path}\n" in text
    assert "Disallow: /listings" not in text and "Disallow: /api" not in text


def test_developer_page_explains_the_api_and_the_licence(pages):
    page = pages.get("/developers")
    assert page.h1 == "Open data and API"
    assert "Creative Commons Attribution 4.0 International (CC BY 4.0)" in page
    assert "/api/v1/openapi.json" in page.hrefs()
    assert "429" in page and "format=ndjson" in page.text
    assert page.link_to("Open data and API") == "/developers", "the footer links here"
