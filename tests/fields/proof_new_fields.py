"""The proof that a field is one entry in the table: run with the two fields of new_fields.py added (by
test_field_table.py, in its own pytest), every reader of the table shows them with no other change to the app.

Not collected by the ordinary run (the name does not start with test_): without the plugin these fields do not exist.
"""

import csv
import io
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask import g

from directory.extensions import db
from directory.listings import documents, fields
from directory.listings.indexing import reconcile
from directory.listings.models import Listing
from directory.submissions import workflow
from tests.api.conformance import Schemas, conformance_dir
from tests.pages import Page

ABOUT = {
    "title": "Cell culture short course",
    "summary": "Learn to grow cells safely.",
    "description": "Two days in a teaching laboratory.",
    "provision_type": "short-course",
    "section": "alternative-qualifications",
}


@pytest.fixture(autouse=True)
def the_fields_are_in_the_table():
    assert fields.FIELDS[-2:] == (fields.BY_NAME["accreditations"], fields.BY_NAME["languages"]), (
        "run with -p tests.fields.new_fields"
    )


@pytest.fixture
def provider(make, client):
    user = make.user(role="provider")
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    g.pop("_login_user", None)
    return user


@pytest.fixture
def accredited(make):
    return make.listing(slug="accredited-course", accreditations="Royal Society of Biology", languages=["welsh"])


def test_the_form_asks_both_checks_them_and_saves_them(client, pages, provider):
    client.post("/dashboard/listings/new", data=ABOUT)
    listing = db.session.scalars(sa.select(Listing)).one()
    page = Page(client.get(f"/dashboard/listings/{listing.id}/edit/who"))  # not pages.get: its hint says 'None'
    assert "Accreditations (optional)" in page and "Bodies that accredit it, like 'Royal Society of Biology'." in page
    assert "Language of teaching (optional)" in page and "Taught in Welsh." in page
    assert page.text.index("Sector topics") < page.text.index("Accreditations")  # asked last on its section's page

    page = Page(
        client.post(
            f"/dashboard/listings/{listing.id}/edit/who", data={"accreditations": "A" * 301, "languages": ["klingon"]}
        )
    )
    assert page.status == 200
    assert page.title.startswith("Error: ")
    assert "Accreditations must be 300 characters or fewer" in page and "Select languages from the list" in page
    assert "A" * 301 in page.html  # what was typed comes back

    client.post(
        f"/dashboard/listings/{listing.id}/edit/who",
        data={"accreditations": "Royal Society of Biology", "languages": ["welsh", "english"]},
    )
    assert (listing.accreditations, listing.languages) == ("Royal Society of Biology", ["english", "welsh"])
    assert workflow.working_copy(listing)["accreditations"] == "Royal Society of Biology"
    preview = pages.get(f"/dashboard/listings/{listing.id}/preview")
    assert "Accreditations Royal Society of Biology" in preview and "Language of teaching English, Welsh" in preview


def test_the_listing_page_the_search_document_and_search_show_them(pages, make, accredited):
    page = pages.get("/listings/accredited-course")
    assert "Accreditations Royal Society of Biology" in page and "Language of teaching Welsh" in page
    assert page.text.index("Status") < page.text.index("Accreditations")  # after the rows the page already had

    assert "Royal Society of Biology" in documents.listing_document(accredited)["extra"]
    other = make.listing(title="Cell biology taster day")
    reconcile()
    found = pages.get("/search?q=royal+society")
    assert accredited.title in found and other.title not in found


def test_the_csv_template_guide_and_upload_take_them(client, pages, provider):
    rows = list(
        csv.reader(io.StringIO(client.get("/dashboard/upload/template.csv").get_data(as_text=True).lstrip("\ufeff")))
    )
    assert rows[0][-2:] == ["accreditations", "languages"]
    assert rows[1][-2:] == ["Royal Society of Biology", "english;welsh"]
    allowed = client.get("/dashboard/upload/allowed-values.csv").get_data(as_text=True)
    assert "languages,welsh,Welsh,Taught in Welsh." in allowed
    assert "accreditations Accreditations Text" in pages.get("/dashboard/upload")

    def upload(accreditations, languages):
        table = [
            [*ABOUT, "regions", "availability", "accreditations", "languages"],
            [*ABOUT.values(), "wales", "open", accreditations, languages],
        ]
        out = io.StringIO()
        csv.writer(out).writerows(table)
        return client.post(
            "/dashboard/upload",
            data={"file": (io.BytesIO(out.getvalue().encode()), "l.csv")},
            content_type="multipart/form-data",
        )

    refused = upload("A" * 301, "welsh;klingon").get_data(as_text=True)
    assert "Accreditations must be 300 characters or fewer" in refused
    assert "Language of teaching: ‘klingon’ is not one of the allowed codes (english, welsh)" in refused
    assert upload("Royal Society of Biology", "welsh").status_code == 200
    listing = db.session.scalars(sa.select(Listing)).one()
    assert (listing.accreditations, listing.languages) == ("Royal Society of Biology", ["welsh"])


def test_the_downloads_carry_them_after_the_columns_they_had(client, accredited):
    reconcile()
    rows = list(csv.reader(io.StringIO(client.get("/search.csv").get_data(as_text=True).lstrip("\ufeff"))))
    header, row = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[header.index("postcode") + 1 : header.index("postcode") + 3] == ["accreditations", "languages"]
    assert (row["accreditations"], row["languages"]) == ("Royal Society of Biology", "Welsh")
    listing = client.get("/search.json").get_json()["listings"][0]
    assert (listing["accreditations"], listing["languages"]) == ("Royal Society of Biology", ["Welsh"])


def test_the_api_publishes_what_is_mapped_and_stays_conformant(client, accredited):
    service = client.get(f"/api/v1/services/{accredited.uuid}").get_json()
    assert service["accreditations"] == "Royal Society of Biology"
    languages = [
        a["taxonomy_term"] for a in service["attributes"] if a["taxonomy_term"]["taxonomy"] == "Language of teaching"
    ]
    assert [(term["term"], term["name"]) for term in languages] == [("welsh", "Welsh")]
    root = conformance_dir()
    if root is not None:
        assert Schemas(root, strict=True).errors("service.json", service) == []


def test_the_moderators_difference_names_them(accredited):
    from directory.moderation.decisions import difference

    data = {**accredited.snapshot(), "accreditations": "Linnean Society", "languages": ["english"]}
    revision = SimpleNamespace(listing=accredited, kind="edit", data=data)
    rows = {row["label"]: (row["before"], row["after"]) for row in difference(revision)}
    assert rows == {
        "Accreditations": ("Royal Society of Biology", "Linnean Society"),
        "Language of teaching": ("Welsh", "English"),
    }


def test_the_only_other_step_is_a_migration_adding_the_text_fields_column(tmp_path):
    """The migrated schema differs from the models by the one new column (codes are rows of listing_terms)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from flask_migrate import upgrade

    from directory import create_app
    from tests.conftest import make_test_config

    app = create_app(make_test_config(tmp_path, f"sqlite:///{tmp_path / 'migrated.sqlite3'}"))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert [(d[0], d[2], d[3].name) for d in differences] == [("add_column", "listings", "accreditations")]
