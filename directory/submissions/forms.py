"""The listing and organisation forms, and the conversions between form data and a listing snapshot.

The listing's questions are declared in groups, one class per task-list section (sections.py), and ListingForm is
all of them together. The whole form validates everything a provider sends: each row of an uploaded CSV and a stored
draft submitted for review (turned back into form data by `formdata_from`); a section's page uses its group alone.
So the rules live in one place, and another group (a venue, say) is one more class and one more section.
"""
from __future__ import annotations

import re

from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovTextArea, GovTextInput
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Regexp, ValidationError

from directory import clock, taxonomy
from directory.forms import (
    CONTROL_CHARACTERS, POSTCODE_PATTERN, Form, email_address, enter, max_length, optional, select, select_at_least_one,
    uk_postcode, web_address,
)
from directory.listings.models import Listing
from directory.submissions.formfields import (  # noqa: F401 (re-exported: tests and other modules use them here)
    GovDateField, LinesField, NumberField, SingleCheckbox, StartDatesField, VocabularyCheckboxField,
    VocabularyRadioField, format_number, normalise_newlines, normalise_postcode, with_scheme,
)

# What a listing needs before it can go to review; a draft needs only a title.
REQUIRED_FOR_SUBMIT = ("title", "summary", "description", "provision_type", "section", "regions", "availability")
PHONE_PATTERN = re.compile(r"^\+?[0-9 ()\-]{6,}$")
WEB_HINT = "For example, www.example.org/course. You can leave out the https:// part."
MAX_VENUES = 3
VENUE_PARTS = ("name", "address", "postcode")
VENUE_FIELD = re.compile(r"^venue_(\d+)_(name|address|postcode)$")


def _text(label, limit, required=None, hint="", area=False, extra=(), filters=()):
    validators = [enter(required) if required else optional(), max_length(limit, _plain(label)), *extra]
    field_class = TextAreaField if area else StringField
    return field_class(label, validators=validators, description=hint, filters=[normalise_newlines, *filters],
                       widget=GovTextArea() if area else GovTextInput())


def _plain(label: str) -> str:
    return label.replace(" (optional)", "")


def _venue(number: int) -> tuple:
    """Venue `number`'s name, address and postcode. The postcode's rules (needed once any part is filled, and a
    real one) are checked together in ListingFormBase._check_venues, so the message can name the venue."""
    def text(label, limit):
        return StringField(label, widget=GovTextInput(),
                           validators=[optional(), max_length(limit, f"Venue {number} {label.lower()}")])
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


# --- the questions, one group per task-list section --------------------------------------------------------------

class AboutFields:
    title = _text("Title", 200, required="the title",
                  hint="The name people will search for, like 'Laboratory technician apprenticeship (Level 3)'.")
    summary = _text("Summary", 300, required="a summary", area=True,
                    hint="One or two sentences shown in search results. 300 characters or fewer.")
    description = _text("Description", 10000, required="a description", area=True,
                        hint="What people will do and learn, and what they can go on to do. "
                             "Leave a blank line between paragraphs.")
    provision_type = VocabularyRadioField("Type of provision", taxonomy.PROVISION_TYPES,
                                          "Select a type of provision from the list",
                                          validators=[select("the type of provision")])
    section = VocabularyRadioField("Directory section", taxonomy.SECTIONS, "Select a section from the list",
                                   validators=[select("the directory section")],
                                   description="The directory is arranged in three sections, as in MedCity's "
                                               "directory of resources. People can browse one section at a time, "
                                               "so choose the one that fits best.")


class WhereFields:
    regions = VocabularyCheckboxField("Regions", taxonomy.REGIONS, "Select regions from the list",
                                      validators=[select_at_least_one("region")],
                                      description="Where it runs or who it serves. Choose UK-wide if anyone in "
                                                  "the UK can take part.")
    places = LinesField("Towns, cities or boroughs (optional)", limit=100, thing="places",
                        description="One per line, like 'Camden' or 'Stevenage'.")
    address = _text("Address (optional)", 300)
    postcode = StringField("Postcode (optional)", widget=GovTextInput(),
                           filters=[normalise_postcode], validators=[optional(), uk_postcode()],
                           description="Where it takes place, if it has one main venue.")
    venue_1_name, venue_1_address, venue_1_postcode = _venue(1)
    venue_2_name, venue_2_address, venue_2_postcode = _venue(2)
    venue_3_name, venue_3_address, venue_3_postcode = _venue(3)


class WhoFields:
    audiences = VocabularyCheckboxField("Who it is for (optional)", taxonomy.AUDIENCES,
                                        "Select who it is for from the list")
    levels = VocabularyCheckboxField("Qualification levels (optional)", taxonomy.LEVELS,
                                     "Select levels from the list")
    eligibility = _text("Who can apply (optional)", 2000, area=True,
                        hint="Age, where people live, or their circumstances.")
    entry_requirements = _text("Entry requirements (optional)", 2000, area=True,
                               hint="Qualifications or experience needed, like 'GCSE maths and English at grade 4'. "
                                    "Say 'None' if there are none.")
    topics = VocabularyCheckboxField("Sector topics (optional)", taxonomy.TOPICS, "Select topics from the list")


class WhenFields:
    delivery = VocabularyCheckboxField("How it is delivered (optional)", taxonomy.DELIVERY_MODES,
                                       "Select how it is delivered from the list")
    study_modes = VocabularyCheckboxField("Study mode (optional)", taxonomy.STUDY_MODES,
                                          "Select study modes from the list")
    hours_per_week = NumberField("Hours per week (optional)", low=0.5, high=60, example="16",
                                 description="Roughly how many hours a week someone spends on it, like 16 or 7.5.")
    duration = _text("How long it takes (optional)", 200, hint="For example, '18 months'.")
    rolling = BooleanField("People can start at any time", widget=SingleCheckbox())
    start_dates = StartDatesField("Start dates (optional)",
                                  description="One date per line, like 7 9 2027. Leave empty if people can start "
                                              "at any time or the dates are not set yet.")
    start_info = _text("When it starts, in your words (optional)", 300,
                       hint="For example, 'Every September and January'.")
    apply_by = GovDateField("Apply by (optional)",
                            description="The last day to apply for the next start, for example 31 7 2027.")
    availability = VocabularyRadioField("Availability", taxonomy.AVAILABILITY,
                                        "Select availability from the list", validators=[select("availability")])


class CostFields:
    costs = VocabularyCheckboxField("Cost (optional)", taxonomy.COSTS, "Select the cost from the list")
    cost_pounds = NumberField("Cost in pounds (optional)", low=0, high=100000, example="1250 or 1250.50",
                              places=2, prefix="£",
                              description="The full price for one person before any funding. Enter 0 if it is "
                                          "free for everyone.")
    funding = VocabularyCheckboxField("Funding available (optional)", taxonomy.FUNDING,
                                      "Select funding from the list")
    cost_details = _text("Cost details (optional)", 2000, area=True,
                         hint="For example, who pays, or who qualifies for the funding.")


class TakePartFields:
    how_to_apply = _text("How to apply (optional)", 2000, area=True)
    url = _text("Web page (optional)", 500, hint=WEB_HINT, extra=[web_address("Web page")], filters=[with_scheme])
    contact_email = _text("Contact email address (optional)", 254,
                          extra=[email_address("Contact email address")])
    contact_phone = _text("Contact telephone number (optional)", 40,
                          extra=[Regexp(PHONE_PATTERN, message="Enter a telephone number, like 020 7946 0000")])


class ResultsFields:
    outcomes = LinesField("What it has achieved (optional)", limit=300, thing="achievements",
                          description="Facts, one per line, like '145 residents placed in jobs in 2021 to 2022'.")
    seeks_partners = BooleanField("We are looking for employers to get involved", widget=SingleCheckbox())
    partner_details = _text("How employers can get involved (optional)", 2000, area=True)


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
                field.errors = [f"{_plain_label(field)} must not contain invisible control characters"]

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
        """The snapshot dict (keys from Listing.EDITABLE_FIELDS) of what was entered in these questions."""
        data = {name: _value(self[name], name) for name in Listing.EDITABLE_FIELDS if name in self._fields}
        if "venue_1_name" in self._fields:
            data["venues"] = self._venues()
        return data

    def _venues(self) -> list[dict]:
        """The venues filled in, in order (an empty venue between two is left out)."""
        venues = [{part: self[f"venue_{number}_{part}"].data or "" for part in VENUE_PARTS}
                  for number in range(1, MAX_VENUES + 1)]
        return [venue for venue in venues if any(venue.values())]


def _value(field, name: str):
    if isinstance(field, LinesField):
        return field.items
    if isinstance(field, StartDatesField):
        return [day.isoformat() for day in field.dates]
    if isinstance(field, NumberField):
        return field.number
    if isinstance(field, SelectMultipleField):
        return list(dict.fromkeys(field.data or []))
    if isinstance(field, BooleanField):
        return bool(field.data)
    if isinstance(field, GovDateField):
        return field.data.isoformat() if field.data else None
    if name in ("provision_type", "section", "availability"):
        return field.data or ""
    return field.data or (None if name not in ("title", "summary", "description") else "")


class ListingForm(AboutFields, WhereFields, WhoFields, WhenFields, CostFields, TakePartFields, ResultsFields,
                  ListingFormBase):
    """Every question at once: what a CSV row and a stored draft are checked with."""


def _plain_label(field) -> str:
    return field.label.text.replace(" (optional)", "")


def formdata_from(data: dict) -> MultiDict:
    """What a browser would send for a snapshot dict: the inverse of ListingForm.to_data()."""
    form = MultiDict()
    for name in Listing.EDITABLE_FIELDS:
        value = data.get(name)
        if name == "start_dates" and value is None and data.get("next_start_date"):  # saved before start_dates
            value = [data["next_start_date"]]
        if value in (None, "", [], False):
            continue
        if name in ("places", "outcomes"):
            form[name] = "\n".join(value)
        elif name == "start_dates":
            form[name] = "\n".join(_day_month_year(day) for day in value)
        elif name == "venues":
            form.update(_venue_formdata(value))
        elif isinstance(value, list):
            form.setlist(name, value)
        elif value is True:
            form[name] = "y"
        elif name == "apply_by":
            form.setlist(name, _day_month_year(value).split(" ", 2))
        elif name in ("hours_per_week", "cost_pounds") and isinstance(value, (int, float)):
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


# --- the organisation profile ------------------------------------------------------------------------------------

class OrganisationForm(Form):
    name = _text("Organisation name", 200, required="the organisation name")
    description = _text("About the organisation", 5000, required="a description", area=True,
                        hint="What the organisation does, in a few sentences.")
    org_type = VocabularyRadioField("Type of organisation", taxonomy.ORGANISATION_TYPES,
                                    "Select a type of organisation from the list",
                                    validators=[select("the type of organisation")])
    website = _text("Website (optional)", 500, hint="For example, www.example.org. You can leave out the https:// part.",
                    extra=[web_address("Website")], filters=[with_scheme])
    email = _text("Email address (optional)", 254, extra=[email_address("Email address")])
    phone = _text("Telephone number (optional)", 40,
                  extra=[Regexp(PHONE_PATTERN, message="Enter a telephone number, like 020 7946 0000")])
    regions = VocabularyCheckboxField("Regions served", taxonomy.REGIONS, "Select regions from the list",
                                      validators=[select_at_least_one("region")])

    def validate_profile(self) -> bool:
        valid = self.validate()
        for field in self:
            if isinstance(field.data, str) and CONTROL_CHARACTERS.search(field.data) and not field.errors:
                field.errors = [f"{_plain_label(field)} must not contain invisible control characters"]
        return valid and not self.errors

    def to_data(self) -> dict:
        return {
            "name": self.name.data, "description": self.description.data, "org_type": self.org_type.data,
            "website": self.website.data or None, "email": self.email.data or None, "phone": self.phone.data or None,
            "regions": list(dict.fromkeys(self.regions.data or [])),
        }


# --- bulk upload -------------------------------------------------------------------------------------------------

class UploadForm(Form):
    file = FileField("Upload a CSV file", widget=GovFileInput(),
                     description="Save your spreadsheet as 'CSV UTF-8'. Up to 500 rows and 2 MB.")
