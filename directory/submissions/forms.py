"""The listing forms (made from the field table), and the conversions between form data and a listing snapshot.

The listing's questions are made from the field table (directory/listings/fields.py), one group per task-list
section (sections.py), and ListingForm is all of them together. The whole form validates everything a provider
sends: each row of an uploaded CSV and a stored draft submitted for review (turned back into form data by
`formdata_from`); a section's page uses its group alone. So the rules live in one place.
"""

from __future__ import annotations

import re

from govuk_frontend_wtf.wtforms_widgets import GovTextArea, GovTextInput
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import Regexp, ValidationError

from directory import clock
from directory.forms import (
    CONTROL_CHARACTERS,
    POSTCODE_PATTERN,
    Form,
    email_address,
    enter,
    max_length,
    optional,
    select,
    select_at_least_one,
    uk_postcode,
    web_address,
)
from directory.listings import fields
from directory.submissions.formfields import (
    GovDateField,
    LinesField,
    NumberField,
    SingleCheckbox,
    StartDatesField,
    VocabularyCheckboxField,
    VocabularyRadioField,
    format_number,
    normalise_newlines,
    normalise_postcode,
    with_scheme,
)

PHONE_PATTERN = re.compile(r"^\+?[0-9 ()\-]{6,}$")
MAX_VENUES = 3
VENUE_PARTS = ("name", "address", "postcode")
VENUE_FIELD = re.compile(r"^venue_(\d+)_(name|address|postcode)$")


def text_field(label, limit, required=None, hint="", area=False, extra=(), filters=()):
    validators = [enter(required) if required else optional(), max_length(limit, _plain(label)), *extra]
    field_class = TextAreaField if area else StringField
    return field_class(
        label,
        validators=validators,
        description=hint,
        filters=[normalise_newlines, *filters],
        widget=GovTextArea() if area else GovTextInput(),
    )


def _plain(label: str) -> str:
    return label.replace(" (optional)", "")


def _venue(number: int) -> tuple:
    """Venue `number`'s name, address and postcode. The postcode's rules (needed once any part is filled, and a
    real one) are checked together in ListingFormBase._check_venues, so the message can name the venue."""

    def text(label, limit):
        return StringField(
            label, widget=GovTextInput(), validators=[optional(), max_length(limit, f"Venue {number} {label.lower()}")]
        )

    name, address = text("Name", 200), text("Address", 300)  # made first: fields render in the order made
    postcode = StringField("Postcode", widget=GovTextInput(), filters=[_tidy_postcode], validators=[optional()])
    return name, address, postcode


def _tidy_postcode(value):
    """'m11ae' -> 'M1 1AE'; anything that is not a postcode comes back as typed, so the person can correct it."""
    tidy = normalise_postcode(value)
    return tidy if isinstance(tidy, str) and POSTCODE_PATTERN.match(tidy) else value


def answer_name(field_name: str) -> str:
    """The snapshot key a form field answers: 'venue_2_postcode' -> 'venues'; any other field is its own."""
    return "venues" if VENUE_FIELD.match(field_name) else field_name


def venue_number(field_name: str) -> int | None:
    match = VENUE_FIELD.match(field_name)
    return int(match.group(1)) if match else None


# --- the questions, made from the field table --------------------------------------------------------------------

# The task-list sections in order, and the order each one's page asks its questions in where that is not the
# table's. A field the table gives a section but that is not named here is asked last on that section's page.
QUESTION_ORDER: dict[str, tuple[str, ...]] = {
    "about": (),
    "where": ("regions", "places", "address", "postcode", "venues"),
    "who": ("audiences", "levels", "eligibility", "entry_requirements", "topics"),
    "when": (
        "delivery",
        "study_modes",
        "hours_per_week",
        "duration",
        "rolling",
        "start_dates",
        "start_info",
        "apply_by",
        "availability",
    ),
    "cost": ("costs", "cost_pounds", "funding", "cost_details"),
    "take-part": (),
    "results": (),
}
# What each text kind checks beyond its length; the messages name the question.
TEXT_CHECKS = {
    "url": lambda spec: [web_address(spec.question or spec.label)],
    "email": lambda spec: [email_address(spec.question or spec.label)],
    "phone": lambda spec: [Regexp(PHONE_PATTERN, message="Enter a telephone number, like 020 7946 0000")],
}


def question(spec: fields.Field) -> dict:
    """The form field(s) asking one field of the table, by name: one for every kind but venues (three boxes each
    for up to MAX_VENUES venues)."""
    if spec.kind == "venues":
        return {
            f"venue_{number}_{part}": field
            for number in range(1, MAX_VENUES + 1)
            for part, field in zip(VENUE_PARTS, _venue(number), strict=True)
        }
    return {spec.name: QUESTIONS[spec.kind](spec)}


def _text_question(spec: fields.Field):
    extra = TEXT_CHECKS[spec.kind](spec) if spec.kind in TEXT_CHECKS else []
    return text_field(
        spec.form_label,
        spec.limit,
        spec.required,
        spec.hint,
        spec.area,
        extra,
        [with_scheme] if spec.kind == "url" else [],
    )


def _choice(spec: fields.Field):
    """Radios (code) or checkboxes (codes) for the field's vocabulary, with a hint per choice."""
    unknown = f"Select {spec.choose} from the list"
    if spec.kind == "code":
        required = [select(spec.required)] if spec.required else []
        return VocabularyRadioField(
            spec.form_label, spec.vocabulary, unknown, validators=required, description=spec.hint
        )
    required = [select_at_least_one(spec.required)] if spec.required else []
    return VocabularyCheckboxField(
        spec.form_label, spec.vocabulary, unknown, validators=required, description=spec.hint
    )


def _number(spec: fields.Field):
    pounds = spec.kind == "pounds"
    return NumberField(
        spec.form_label,
        low=spec.bounds[0],
        high=spec.bounds[1],
        example=spec.like,
        places=2 if pounds else 1,
        prefix="£" if pounds else "",
        description=spec.hint,
    )


# Each kind's question, given its entry in the table.
QUESTIONS = {
    **dict.fromkeys(("text", "url", "email", "phone"), _text_question),
    "postcode": lambda spec: StringField(
        spec.form_label,
        widget=GovTextInput(),
        filters=[normalise_postcode],
        validators=[optional(), uk_postcode()],
        description=spec.hint,
    ),
    "code": _choice,
    "codes": _choice,
    "lines": lambda spec: LinesField(spec.form_label, limit=spec.limit, thing=spec.thing, description=spec.hint),
    "bool": lambda spec: BooleanField(spec.form_label, widget=SingleCheckbox(), description=spec.hint),
    "dates": lambda spec: StartDatesField(spec.form_label, description=spec.hint),
    "date": lambda spec: GovDateField(spec.form_label, description=spec.hint),
    "number": _number,
    "pounds": _number,
}


def _section_questions() -> dict[str, dict]:
    """Section slug -> {form field name: unbound field} in the order the section's page asks them. Fields are
    made in that order too, since WTForms renders a form's fields in the order they were made."""
    by_section = {
        slug: fields.ordered(order, [spec for spec in fields.FIELDS if spec.section == slug])
        for slug, order in QUESTION_ORDER.items()
    }
    stray = [spec.name for spec in fields.FIELDS if spec.section not in QUESTION_ORDER]
    assert not stray, f"fields in no task-list section: {stray}"
    return {
        slug: {name: field for spec in specs for name, field in question(spec).items()}
        for slug, specs in by_section.items()
    }


REQUIRED_FOR_SUBMIT = tuple(spec.name for spec in fields.FIELDS if spec.required)
SECTION_QUESTIONS = _section_questions()


class ListingFormBase(Form):
    """Validation and conversion for any set of listing questions: the whole form or one section's."""

    def validate_for(self, mode: str) -> bool:
        """'submit' checks everything; 'draft' lets required answers wait but still checks what was given."""
        self.validate()
        self._check_text_characters()
        self._check_dates()
        self._check_venues()
        if mode == "draft":
            for name in REQUIRED_FOR_SUBMIT:
                field = self._fields.get(name)
                if field is not None and name != "title" and not field.data:
                    field.errors = []
        return not self.errors

    def _check_text_characters(self):
        for field in self:
            if isinstance(field.data, str) and CONTROL_CHARACTERS.search(field.data) and not field.errors:
                field.errors = [f"{plain_label(field)} must not contain invisible control characters"]

    def _check_dates(self):
        dates, rolling, apply_by = (self._fields.get(name) for name in ("start_dates", "rolling", "apply_by"))
        if dates is not None and rolling is not None and rolling.data and dates.lines and not dates.errors:
            dates.errors = ["Leave the start dates empty if people can start at any time"]
        if apply_by is not None and apply_by.data and not apply_by.errors:
            today = clock.now().date()
            if apply_by.data < today:
                apply_by.errors = ["Apply by date must be today or in the future"]
            elif dates is not None and dates.dates and apply_by.data > dates.dates[-1]:
                apply_by.errors = ["Apply by date must be on or before the last start date"]

    def _check_venues(self):
        """A venue with any part filled in needs a real postcode; the message names the venue."""
        for number in range(1, MAX_VENUES + 1):
            parts = [self._fields.get(f"venue_{number}_{part}") for part in VENUE_PARTS]
            if None in parts or parts[2].errors:
                continue
            name, address, postcode = parts
            if not postcode.data:
                if name.data or address.data:
                    postcode.errors = [f"Enter a postcode for venue {number}"]
                continue
            try:
                uk_postcode()(self, postcode)
            except ValidationError:
                postcode.errors = [f"Enter a real postcode for venue {number}, like B15 2TT"]

    def to_data(self) -> dict:
        """The snapshot dict (keys: the field table's names) of what was entered in these questions."""
        data = {}
        for spec in fields.FIELDS:
            if spec.kind == "venues" and "venue_1_name" in self._fields:
                data[spec.name] = self._venues()
            elif spec.name in self._fields:
                data[spec.name] = _value(self[spec.name], spec)
        return data

    def _venues(self) -> list[dict]:
        """The venues filled in, in order (an empty venue between two is left out)."""
        venues = [
            {part: self[f"venue_{number}_{part}"].data or "" for part in VENUE_PARTS}
            for number in range(1, MAX_VENUES + 1)
        ]
        return [venue for venue in venues if any(venue.values())]


def _value(field, spec: fields.Field):
    """A question's answer as the snapshot keeps it; an unanswered code or required text is "", other text None."""
    if spec.kind == "lines":
        return field.items
    if spec.kind == "dates":
        return [day.isoformat() for day in field.dates]
    if spec.kind in ("number", "pounds"):
        return field.number
    if spec.kind == "codes":
        return list(dict.fromkeys(field.data or []))
    if spec.kind == "bool":
        return bool(field.data)
    if spec.kind == "date":
        return field.data.isoformat() if field.data else None
    return field.data or ("" if spec.kind == "code" or spec.required else None)


def section_form(slug: str) -> type[ListingFormBase]:
    """The form class of one task-list section's page."""
    return type(f"{slug.title().replace('-', '')}Section", (ListingFormBase,), dict(SECTION_QUESTIONS[slug]))


# Every question at once, section by section: what a CSV row and a stored draft are checked with.
ListingForm = type(
    "ListingForm",
    (ListingFormBase,),
    {name: field for questions in SECTION_QUESTIONS.values() for name, field in questions.items()},
)


def plain_label(field) -> str:
    return field.label.text.replace(" (optional)", "")


def formdata_from(data: dict) -> MultiDict:
    """What a browser would send for a snapshot dict: the inverse of ListingForm.to_data()."""
    form = MultiDict()
    for spec in fields.FIELDS:
        name, value = spec.name, data.get(spec.name)
        if name == "start_dates" and value is None and data.get("next_start_date"):  # saved before start_dates
            value = [data["next_start_date"]]
        if value in (None, "", [], False):
            continue
        if spec.kind == "lines":
            form[name] = "\n".join(value)
        elif spec.kind == "dates":
            form[name] = "\n".join(_day_month_year(day) for day in value)
        elif spec.kind == "venues":
            form.update(_venue_formdata(value))
        elif isinstance(value, list):
            form.setlist(name, value)
        elif value is True:
            form[name] = "y"
        elif spec.kind == "date":
            form.setlist(name, _day_month_year(value).split(" ", 2))
        elif spec.kind in ("number", "pounds") and isinstance(value, (int, float)):
            form[name] = format_number(value)
        else:
            form[name] = str(value)
    return form


def _venue_formdata(venues: list[dict]) -> MultiDict:
    """[{name, address, postcode}, ...] as the venue boxes take them: venue_1_name, venue_1_address, ..."""
    form = MultiDict()
    for number, venue in enumerate(venues[:MAX_VENUES], start=1):
        for part in VENUE_PARTS:
            if venue and venue.get(part):
                form[f"venue_{number}_{part}"] = str(venue[part])
    return form


def _day_month_year(value) -> str:
    """'2027-09-07' -> '7 9 2027', as the date boxes and start-date lines take it (anything else kept as it is)."""
    parts = str(value)[:10].split("-")
    if len(parts) != 3:
        return f"  {value}"
    year, month, day = parts
    return f"{day.lstrip('0') or day} {month.lstrip('0') or month} {year}"


def listing_form(data: dict | None = None, formdata=None, form_class=ListingForm):
    """A form (the whole listing, or one section's) filled from a request's form data, or from a stored snapshot."""
    if formdata is None:
        formdata = formdata_from(data or {})
    return form_class(formdata=formdata)


def problems(data: dict, mode: str = "submit") -> dict[str, list[str]]:
    """Field name -> messages for a snapshot, validated exactly as the form would (no request needed for CSRF)."""
    form = ListingForm(formdata=formdata_from(data), meta={"csrf": False})
    form.validate_for(mode)
    return {name: messages for name, messages in form.errors.items() if messages}
