"""The field table (directory/listings/fields.py): every entry is well formed and every reader agrees with it, and
a field added to it reaches the form, the listing page, search, the CSV upload and downloads and the API."""

import os
import re
import subprocess
import sys
from pathlib import Path

from directory.api import exports, oruk
from directory.listings import fields, presenters
from directory.listings.models import Listing
from directory.search.schema import FACET_FIELDS
from directory.submissions import bulk, forms, sections

REPO_ROOT = Path(__file__).resolve().parents[2]
PROOF = Path(__file__).with_name("proof_new_fields.py")
DOCUMENT_KEYS = {"title", "summary", "description", "places", "venues", "rolling", "starts", "words", *FACET_FIELDS} - {
    "place"
}


def test_every_entry_is_well_formed():
    names = [spec.name for spec in fields.FIELDS]
    assert len(names) == len(set(names)) and set(fields.BY_NAME) == set(names)
    for spec in fields.FIELDS:
        assert spec.kind in fields.KINDS, spec.name
        assert (spec.vocabulary is not None) == (spec.kind in ("code", "codes")), spec.name
        assert not spec.vocabulary or spec.choose, f"{spec.name}: a vocabulary field names its choices"
        assert spec.kind not in ("text", "url", "email", "phone", "lines") or spec.limit, spec.name
        assert spec.page in ("", *fields.PAGE_PARTS), spec.name
        assert spec.search in ("", *DOCUMENT_KEYS), spec.name
        assert all(target in oruk.TARGETS or target.startswith("service.") for target in spec.oruk), spec.name
        assert spec.section in forms.QUESTION_ORDER, spec.name
    exported = [spec.export for spec in fields.FIELDS if spec.export and spec.export not in exports.SHARED_COLUMNS]
    assert len(exported) == len(set(exported)), "one field per export column, unless the column is shared"


def test_the_readers_follow_the_table():
    assert tuple(spec.name for spec in fields.FIELDS) == Listing.EDITABLE_FIELDS
    assert forms.REQUIRED_FOR_SUBMIT == (
        "title",
        "summary",
        "description",
        "provision_type",
        "section",
        "regions",
        "availability",
    )
    asked = [name for section in sections.SECTIONS for name in section.answer_names()]
    assert sorted(asked) == sorted(Listing.EDITABLE_FIELDS)
    assert all(
        name in fields.BY_NAME and fields.BY_NAME[name].section == section.slug
        for section in sections.SECTIONS
        for name in section.answer_names()
    )
    assert all(
        name in [spec.name for spec in fields.FIELDS if spec.section == slug]
        for slug, order in forms.QUESTION_ORDER.items()
        for name in order
    )
    assert [column for column in bulk.COLUMNS if not column.startswith("venue_")] == [
        "slug",
        *(spec.name for spec in fields.FIELDS if spec.kind != "venues"),
    ]
    assert set(exports.COLUMNS) >= {spec.export for spec in fields.FIELDS if spec.export}
    assert [spec.vocabulary for spec in oruk.ATTRIBUTE_FIELDS] == [
        spec.vocabulary for spec in fields.FIELDS if "attributes" in spec.oruk
    ]
    rows = {spec.row_label for spec in fields.FIELDS if spec.page in ("facts", "course")}
    assert rows == set(presenters.FACT_ROWS) | set(presenters.COURSE_ROWS)


def test_a_field_added_to_the_table_reaches_every_reader():
    """Runs proof_new_fields.py in its own pytest, with tests/fields/new_fields.py adding two fields to the table
    before the app is imported (a field cannot be taken out of a mapped model again, so not in this process)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.fields.new_fields",
            "-p",
            "no:randomly",
            "-n",
            "0",
            "-q",
            str(PROOF),
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert re.search(r"^7 passed", result.stdout, re.MULTILINE), result.stdout[-2000:]
