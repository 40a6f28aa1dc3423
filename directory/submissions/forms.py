"""The listing and organisation forms, and the conversions between form data and a listing snapshot.

One form validates everything a provider sends: the web form, each row of an uploaded CSV and a stored draft
submitted for review (turned back into form data by `formdata_from`), so the rules live in one place.
"""
from __future__ import annotations

import re
from datetime import date

from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput, GovCheckboxInput, GovDateInput, GovFileInput, GovRadioInput, GovTextArea, GovTextInput,
)
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, Field, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Regexp, StopValidation, ValidationError

from directory import clock, taxonomy
from directory.forms import (
    CONTROL_CHARACTERS, AllowedValues, Form, email_address, enter, max_length, optional, select, select_at_least_one,
    uk_postcode, web_address,
)
from directory.listings.models import Listing

# What a listing needs before it can go to review; a draft needs only a title.
REQUIRED_FOR_SUBMIT = ("title", "summary", "description", "provision_type", "section", "regions", "availability")
MAX_LINES = 20
PHONE_PATTERN = re.compile(r"^\+?[0-9 ()\-]{6,}$")


# --- fields that render as GOV.UK components with a hint per choice -------------------------------------------

class _HintedItems:
    """Give each radio or checkbox the plain-English description of its vocabulary term as a hint."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        for item in params["items"]:
            term = field.vocabulary.get(item["value"])
            if term:
                item["hint"] = {"text": term.description}
        params["fieldset"]["legend"]["classes"] = "govuk-fieldset__legend--s"
        if not field.description:
            params.pop("hint", None)
        return params


class HintedRadios(_HintedItems, GovRadioInput):
    pass


class HintedCheckboxes(_HintedItems, GovCheckboxesInput):
    pass


class SingleCheckbox(GovCheckboxInput):
    """A yes/no checkbox without the empty hint the stock widget adds when the field has no description."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        if not field.description:
            params.pop("hint", None)
        return params


class VocabularyRadioField(RadioField):
    """One code from a vocabulary. Unknown codes fail AllowedValues with a message, never a crash."""

    def __init__(self, label, vocabulary, message, **kwargs):
        super().__init__(label, choices=vocabulary.choices(), validate_choice=False, widget=HintedRadios(),
                         validators=[*kwargs.pop("validators", []), AllowedValues(vocabulary.codes(), message)],
                         **kwargs)
        self.vocabulary = vocabulary


class VocabularyCheckboxField(SelectMultipleField):
    def __init__(self, label, vocabulary, message, **kwargs):
        super().__init__(label, choices=vocabulary.choices(), validate_choice=False, widget=HintedCheckboxes(),
                         validators=[*kwargs.pop("validators", []), AllowedValues(vocabulary.codes(), message)],
                         **kwargs)
        self.vocabulary = vocabulary


class GovDateField(Field):
    """A date typed as day, month and year boxes. Keeps exactly what was typed, so it comes back on error."""

    widget = GovDateInput()

    def process_formdata(self, valuelist):
        parts = [str(part).strip() for part in (valuelist or [])][:3]
        self.raw_data = parts + [""] * (3 - len(parts))
        self.data = None
        if not any(self.raw_data):
            return
        day, month, year = self.raw_data
        label = self.label.text.replace(" (optional)", "")
        if not all((day, month, year)):
            missing = [name for name, part in zip(("day", "month", "year"), self.raw_data) if not part]
            raise ValueError(f"{label} must include a {' and a '.join(missing)}")
        try:
            self.data = date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValueError(f"{label} must be a real date") from None

    def process_data(self, value):
        self.data = value
        if isinstance(value, date):
            self.raw_data = [str(value.day), str(value.month), str(value.year)]

    def _value(self):
        return ""


class LinesField(TextAreaField):
    """Several short items, one per line, stored as a list."""

    def __init__(self, label, *, limit: int, thing: str, **kwargs):
        super().__init__(label, widget=GovTextArea(), **kwargs)
        self.limit = limit
        self.thing = thing

    @property
    def items(self) -> list[str]:
        return [line.strip() for line in (self.data or "").splitlines() if line.strip()]

    def pre_validate(self, form):
        if len(self.items) > MAX_LINES:
            raise StopValidation(f"Enter {MAX_LINES} {self.thing} or fewer")
        if any(len(item) > self.limit for item in self.items):
            raise StopValidation(f"Each of the {self.thing} must be {self.limit} characters or fewer")


def normalise_newlines(value):
    """Browsers send a textarea's line breaks as CRLF; store LF, so saving unchanged text changes nothing."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def _text(label, limit, required=None, hint="", area=False, extra=()):
    validators = [enter(required) if required else optional(), max_length(limit, _plain(label)), *extra]
    field_class = TextAreaField if area else StringField
    return field_class(label, validators=validators, description=hint, filters=[normalise_newlines],
                       widget=GovTextArea() if area else GovTextInput())


def _plain(label: str) -> str:
    return label.replace(" (optional)", "")


def normalise_postcode(value):
    if not isinstance(value, str) or not value.strip():
        return value
    compact = re.sub(r"\s+", "", value).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


class ListingForm(Form):
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
                                   validators=[select("the directory section")])
    regions = VocabularyCheckboxField("Regions", taxonomy.REGIONS, "Select regions from the list",
                                      validators=[select_at_least_one("region")],
                                      description="Where it runs or who it serves. Choose UK-wide if anyone in "
                                                  "the UK can take part.")
    places = LinesField("Towns, cities or boroughs (optional)", limit=100, thing="places",
                        description="One per line, like 'Camden' or 'Stevenage'.")
    levels = VocabularyCheckboxField("Qualification levels (optional)", taxonomy.LEVELS,
                                     "Select levels from the list")
    audiences = VocabularyCheckboxField("Who it is for (optional)", taxonomy.AUDIENCES,
                                        "Select who it is for from the list")
    delivery = VocabularyCheckboxField("How it is delivered (optional)", taxonomy.DELIVERY_MODES,
                                       "Select how it is delivered from the list")
    costs = VocabularyCheckboxField("Cost (optional)", taxonomy.COSTS, "Select the cost from the list")
    cost_details = _text("Cost details (optional)", 2000, area=True,
                         hint="For example, who pays, or what funding people can get.")
    topics = VocabularyCheckboxField("Sector topics (optional)", taxonomy.TOPICS, "Select topics from the list")
    eligibility = _text("Who can apply (optional)", 2000, area=True,
                        hint="Age, where people live, qualifications or experience needed.")
    duration = _text("How long it takes (optional)", 200, hint="For example, '18 months'.")
    start_info = _text("When it starts (optional)", 300,
                       hint="For example, 'Every September and January'.")
    rolling = BooleanField("People can start at any time", widget=SingleCheckbox())
    next_start_date = GovDateField("Next start date (optional)",
                                   description="For example, 27 3 2027. Leave empty if there is no fixed date.")
    postcode = StringField("Postcode (optional)", widget=GovTextInput(),
                           filters=[normalise_postcode], validators=[optional(), uk_postcode()],
                           description="Where it takes place, if it has one main venue.")
    address = _text("Address (optional)", 300)
    how_to_apply = _text("How to apply (optional)", 2000, area=True)
    url = _text("Web page (optional)", 500, hint="The full address, starting https://",
                extra=[web_address("Web page")])
    contact_email = _text("Contact email address (optional)", 254,
                          extra=[email_address("Contact email address")])
    contact_phone = _text("Contact telephone number (optional)", 40,
                          extra=[Regexp(PHONE_PATTERN, message="Enter a telephone number, like 020 7946 0000")])
    outcomes = LinesField("What it has achieved (optional)", limit=300, thing="achievements",
                          description="Facts, one per line, like '145 residents placed in jobs in 2021 to 2022'.")
    seeks_partners = BooleanField("We are looking for employers to get involved", widget=SingleCheckbox())
    partner_details = _text("How employers can get involved (optional)", 2000, area=True)
    availability = VocabularyRadioField("Availability", taxonomy.AVAILABILITY,
                                        "Select availability from the list", validators=[select("availability")])

    def validate_for(self, mode: str) -> bool:
        """'submit' checks everything; 'draft' lets required answers wait but still checks what was given."""
        self.validate()
        self._check_text_characters()
        self._check_date_order()
        if mode == "draft":
            for name in REQUIRED_FOR_SUBMIT:
                field = self[name]
                if name != "title" and not field.data:
                    field.errors = []
        return not self.errors

    def _check_text_characters(self):
        for field in self:
            if isinstance(field.data, str) and CONTROL_CHARACTERS.search(field.data) and not field.errors:
                field.errors = [f"{_plain_label(field)} must not contain invisible control characters"]

    def _check_date_order(self):
        field = self.next_start_date
        if field.data and not field.errors:
            today = clock.now().date()
            if field.data < today:
                field.errors = ["Next start date must be today or in the future"]
            elif field.data.year > today.year + 5:
                field.errors = ["Next start date must be within the next 5 years"]
            elif self.rolling.data:
                field.errors = ["Leave the next start date empty if people can start at any time"]

    def to_data(self) -> dict:
        """The snapshot dict (Listing.EDITABLE_FIELDS) of what was entered."""
        data = {}
        for name in Listing.EDITABLE_FIELDS:
            field = self[name]
            if isinstance(field, LinesField):
                data[name] = field.items
            elif isinstance(field, SelectMultipleField):
                data[name] = list(dict.fromkeys(field.data or []))
            elif isinstance(field, BooleanField):
                data[name] = bool(field.data)
            elif isinstance(field, GovDateField):
                data[name] = field.data.isoformat() if field.data else None
            elif name in ("provision_type", "section", "availability"):
                data[name] = field.data or ""
            else:
                data[name] = field.data or (None if name not in ("title", "summary", "description") else "")
        return data


def _plain_label(field) -> str:
    return field.label.text.replace(" (optional)", "")


def formdata_from(data: dict) -> MultiDict:
    """What a browser would send for a snapshot dict: the inverse of ListingForm.to_data()."""
    form = MultiDict()
    for name in Listing.EDITABLE_FIELDS:
        value = data.get(name)
        if value in (None, "", [], False):
            continue
        if name in ("places", "outcomes"):
            form[name] = "\n".join(value)
        elif isinstance(value, list):
            form.setlist(name, value)
        elif value is True:
            form[name] = "y"
        elif name == "next_start_date":
            parts = str(value)[:10].split("-")
            year, month, day = parts if len(parts) == 3 else ("", "", str(value))
            form.setlist(name, [day.lstrip("0") or day, month.lstrip("0") or month, year])
        else:
            form[name] = str(value)
    return form


def listing_form(data: dict | None = None, formdata=None) -> ListingForm:
    """A form filled from a request's form data, or from a stored snapshot."""
    if formdata is None:
        formdata = formdata_from(data or {})
    return ListingForm(formdata=formdata)


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
    website = _text("Website (optional)", 500, hint="The full address, starting https://",
                    extra=[web_address("Website")])
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


# --- bulk upload and moderation -----------------------------------------------------------------------------------

class UploadForm(Form):
    file = FileField("Upload a CSV file", widget=GovFileInput(),
                     description="Save your spreadsheet as 'CSV UTF-8'. Up to 500 rows and 2 MB.")


class RejectForm(Form):
    reason = TextAreaField("Why is this being rejected?", widget=GovTextArea(),
                           validators=[enter("the reason for rejecting it"), max_length(2000, "Reason")],
                           description="The provider will see this. Say what they need to change.")

    def validate_reason(self, field):
        if CONTROL_CHARACTERS.search(field.data or ""):
            raise ValidationError("Reason must not contain invisible control characters")


