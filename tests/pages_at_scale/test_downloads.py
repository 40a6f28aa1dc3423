"""Downloads stream a batch at a time with the same bytes as before; above EXPORT_MAX_ROWS they lead to the nightly
full files that `flask export all` writes, which the site serves and the developer page lists."""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import date

import pytest

from directory.api import exports
from directory.api.exports import COLUMNS, listing_row, safe_cell
from directory.extensions import db
from directory.licence import DATA_LICENCE_NAME, DATA_LICENCE_URL
from directory.listings.indexing import reconcile
from directory.listings.models import Listing

SITE = "http://127.0.0.1:5000"


@pytest.fixture
def app_config(app_config, tmp_path):
    return {**app_config, "EXPORT_MAX_ROWS": 6, "EXPORT_DIR": str(tmp_path / "open-data")}


@pytest.fixture
def five(make):
    """Five published listings (titles out of id order, two alike), a draft, and a reconciled index."""
    organisation = make.organisation(name="Crick \u201cAcademy\u201d")
    for title in (
        "Zoology lab =tech",
        "Analytical chemistry",
        "Bioinformatics, data",
        "Analytical chemistry",
        "Lab \u00e9l\u00e8ve\nnew line",
    ):
        make.listing(organisation=organisation, title=title, regions=["london"], summary="Laboratory work.")
    make.listing(title="A draft", status="draft")
    reconcile()


def in_title_order() -> list[Listing]:
    listings = db.session.query(Listing).filter_by(status="published").all()
    return sorted(listings, key=lambda listing: (listing.title, listing.id))


def csv_as_before(listings) -> str:
    """The download as the code before streaming made it: one string, a byte-order mark first."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for listing in listings:
        row = listing_row(listing, SITE)
        writer.writerow([safe_cell(row[column]) for column in COLUMNS])
    return "\ufeff" + out.getvalue()


def json_as_before(listings, search: str, parameters: dict) -> str:
    return json.dumps(
        {
            "search": search,
            "parameters": parameters,
            "licence": DATA_LICENCE_NAME,
            "licence_url": DATA_LICENCE_URL,
            "total": len(listings),
            "listings": [listing_row(listing, SITE) for listing in listings],
        },
        ensure_ascii=False,
        indent=1,
    )


@pytest.mark.parametrize("batch, named", [(2, 1000), (500, 1000), (2, 0)])
def test_streamed_csv_and_json_are_byte_for_byte_what_they_were(client, five, monkeypatch, batch, named):
    monkeypatch.setattr(exports, "BATCH", batch)  # batch boundaries inside the five listings, and none
    monkeypatch.setattr(exports, "LIST_IDS_UP_TO", named)  # matches named in SQL, or found by walking the index
    expected = in_title_order()
    response = client.get("/search.csv?region=london")
    assert response.is_streamed and response.status_code == 200
    assert response.get_data(as_text=True) == csv_as_before(expected)
    response = client.get("/search.json?region=london")
    assert response.is_streamed
    assert response.get_data(as_text=True) == json_as_before(expected, "Listings in London", {"region": ["london"]})


def test_an_empty_download_is_still_well_formed(client, five):
    assert client.get("/search.csv?q=zzzzqqq").get_data(as_text=True) == csv_as_before([])
    body = client.get("/search.json?q=zzzzqqq").get_data(as_text=True)
    assert body == json_as_before([], "Listings matching \u201czzzzqqq\u201d", {"q": "zzzzqqq"})


def test_above_the_limit_a_download_leads_to_the_full_file(client, make, runner, five):
    for _ in range(2):
        make.listing(regions=["london"])
    reconcile()  # seven searchable listings: one over EXPORT_MAX_ROWS
    response = client.get("/search.csv")
    assert response.status_code == 303 and response.headers["Location"] == "/developers#full-files"
    assert runner.invoke(args=["export", "all"]).exit_code == 0
    for kind, alias in (("csv", "listings.csv.gz"), ("json", "listings.json.gz")):
        response = client.get(f"/search.{kind}")
        assert response.status_code == 303 and response.headers["Location"] == f"/open-data/{alias}"
    assert client.get("/search.csv?q=zoology").status_code == 200  # one: within the limit
    response = client.get("/api/v1/services?format=ndjson")
    assert response.status_code == 303 and response.headers["Location"] == "/open-data/services.ndjson.gz"
    minimal = client.get("/api/v1/services?format=ndjson&minimal=true")  # a shape the full file does not have
    assert minimal.status_code == 200 and len(minimal.get_data(as_text=True).splitlines()) == 7


def test_flask_export_all_writes_dated_gzip_files_the_site_serves(client, runner, five, tmp_path):
    result = runner.invoke(args=["export", "all"])
    assert result.exit_code == 0, result.output
    today = date.today().isoformat()
    folder = tmp_path / "open-data"
    assert sorted(path.name for path in folder.iterdir()) == [
        f"listings-{today}.csv.gz",
        f"listings-{today}.json.gz",
        f"services-{today}.ndjson.gz",
    ]
    by_id = sorted(db.session.query(Listing).filter_by(status="published"), key=lambda listing: listing.id)
    assert gzip.decompress((folder / f"listings-{today}.csv.gz").read_bytes()).decode() == csv_as_before(by_id)
    full = json.loads(gzip.decompress((folder / f"listings-{today}.json.gz").read_bytes()))
    assert full["total"] == 5 and [row["id"] for row in full["listings"]] == [listing.uuid for listing in by_id]
    lines = gzip.decompress((folder / f"services-{today}.ndjson.gz").read_bytes()).decode().splitlines()
    api_lines = client.get("/api/v1/services?format=ndjson").get_data(as_text=True).splitlines()
    assert len(lines) == 5 and sorted(lines) == sorted(api_lines)  # the API's own lines (in id order)

    newest = client.get("/open-data/listings.csv.gz")
    assert newest.status_code == 302 and newest.headers["Location"] == f"/open-data/listings-{today}.csv.gz"
    served = client.get(newest.headers["Location"])
    assert served.status_code == 200 and served.mimetype == "application/gzip"
    assert f"listings-{today}.csv.gz" in served.headers["Content-Disposition"]
    assert served.data == (folder / f"listings-{today}.csv.gz").read_bytes()
    for missing in ("/open-data/listings-2001-01-01.csv.gz", "/open-data/secrets.txt", "/open-data/..%2Fx.csv.gz"):
        assert client.get(missing).status_code == 404, missing


def test_a_later_run_replaces_the_files_and_the_developer_page_links_them(pages, runner, five, tmp_path):
    folder = tmp_path / "open-data"
    folder.mkdir()
    (folder / "listings-2020-01-01.csv.gz").write_bytes(gzip.compress(b"old"))
    page = pages.get("/developers")
    assert "The files have not been made yet" not in page.text  # the old file is there until replaced
    assert runner.invoke(args=["export", "all"]).exit_code == 0
    assert not (folder / "listings-2020-01-01.csv.gz").exists()
    page = pages.get("/developers")
    today = date.today()
    assert (
        page.link_to("Every published listing as CSV (the columns of the search download), gzip file")
        == "/open-data/listings.csv.gz"
    )
    assert f"made on {today.day} {today:%B %Y}" in page.text and "more than 6 listings" in page.text
