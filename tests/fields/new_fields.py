"""Two fields added to the field table as a newcomer would add them, for the proof in proof_new_fields.py.

A pytest plugin (`-p tests.fields.new_fields`), so it is imported before any of the app and everything reads the
longer table, exactly as if the entries were written at the end of FIELDS in directory/listings/fields.py (and the
vocabulary in directory/taxonomy.py). Never imported by the ordinary test run: test_field_table.py starts a
separate pytest with it.
"""

from directory import taxonomy
from directory.listings import fields

LANGUAGES = taxonomy.Vocabulary(
    "language",
    "Language of teaching",
    "The languages the provision is taught in.",
    [taxonomy.Term("english", "English", "Taught in English."), taxonomy.Term("welsh", "Welsh", "Taught in Welsh.")],
)

NEW_FIELDS = (
    # Plain text, searched, shown in the listing's facts, downloaded and published as the service's accreditations.
    fields.Field(
        "accreditations",
        "Accreditations",
        "text",
        "who",
        limit=300,
        page="facts",
        search="words",
        hint="Bodies that accredit it, like 'Royal Society of Biology'.",
        export="accreditations",
        oruk=("service.accreditations",),
        example="Royal Society of Biology",
    ),
    # A vocabulary list: checkboxes, stored as listing terms (so no column), published as attributes.
    fields.Field(
        "languages",
        "Language of teaching",
        "codes",
        "who",
        vocabulary=LANGUAGES,
        choose="languages",
        page="facts",
        search="words",
        export="languages",
        oruk=("attributes",),
        example="english;welsh",
    ),
)

fields.FIELDS = (*fields.FIELDS, *NEW_FIELDS)
fields.BY_NAME = {spec.name: spec for spec in fields.FIELDS}
taxonomy.ALL_VOCABULARIES = (*taxonomy.ALL_VOCABULARIES, LANGUAGES)
