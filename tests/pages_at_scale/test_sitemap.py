"""The sitemap is an index of files of at most SITEMAP_MAX_URLS addresses, served with caching headers."""

from __future__ import annotations

import functools
import operator
import xml.etree.ElementTree as ET

import pytest

from directory.listings.indexing import reconcile

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITE = "http://127.0.0.1:5000"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "SITEMAP_MAX_URLS": 3}


def files(client) -> list[str]:
    index = ET.fromstring(client.get("/sitemap.xml").data)
    return [loc.text.removeprefix(SITE) for loc in index.findall("s:sitemap/s:loc", NS)]


def addresses(client, path: str) -> list[str]:
    return [loc.text.removeprefix(SITE) for loc in ET.fromstring(client.get(path).data).findall("s:url/s:loc", NS)]


def test_the_index_splits_listings_and_providers_into_files_of_the_limit(client, make):
    organisation = make.organisation()
    listings = [make.listing(organisation=organisation, slug=f"course-{n}") for n in range(7)]
    make.listing(slug="course-draft", status="draft")
    reconcile()
    assert files(client) == [
        "/sitemaps/pages.xml",
        "/sitemaps/listings-1.xml",
        "/sitemaps/listings-2.xml",
        "/sitemaps/listings-3.xml",
        "/sitemaps/providers-1.xml",
    ]
    parts = [addresses(client, f"/sitemaps/listings-{n}.xml") for n in (1, 2, 3)]
    assert [len(part) for part in parts] == [3, 3, 1]
    assert sorted(functools.reduce(operator.iadd, parts, [])) == sorted(
        f"/listings/{listing.slug}" for listing in listings
    )
    assert addresses(client, "/sitemaps/providers-1.xml") == [f"/providers/{organisation.slug}"]
    assert len(addresses(client, "/sitemaps/pages.xml")) > 3  # more than the limit: section pages are not split


def test_a_file_past_the_last_or_with_a_made_up_name_is_not_found(client, make):
    make.listing()
    reconcile()
    for path in (
        "/sitemaps/listings-2.xml",
        "/sitemaps/listings-0.xml",
        "/sitemaps/secrets.xml",
        "/sitemaps/listings-99999999.xml",
        "/sitemaps/..%2Fconfig.xml",
    ):
        assert client.get(path).status_code == 404, path
    assert client.get("/sitemaps/listings-1.xml").status_code == 200


def test_files_carry_validators_and_answer_304_when_unchanged(client, make):
    make.listing()
    reconcile()
    for path in ("/sitemap.xml", "/sitemaps/listings-1.xml"):
        response = client.get(path)
        assert response.headers["Cache-Control"] == "public, max-age=3600"
        assert response.headers["Last-Modified"] and response.headers["ETag"]
        again = client.get(path, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304 and not again.data


def test_a_newly_published_listing_appears_once_the_index_has_it(client, make):
    make.listing(slug="first")
    reconcile()
    assert addresses(client, "/sitemaps/listings-1.xml") == ["/listings/first"]
    make.listing(slug="second")
    reconcile()
    assert addresses(client, "/sitemaps/listings-1.xml") == ["/listings/first", "/listings/second"]
