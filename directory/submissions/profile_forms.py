"""The organisation profile form and the CSV upload form: the two pages of a provider's that are not a listing's
questions (those are made from the field table in forms.py)."""

from __future__ import annotations

from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput
from wtforms.validators import Regexp

from directory import taxonomy
from directory.forms import CONTROL_CHARACTERS, Form, email_address, select, select_at_least_one, web_address
from directory.submissions.formfields import VocabularyCheckboxField, VocabularyRadioField, with_scheme
from directory.submissions.forms import PHONE_PATTERN, plain_label, text_field

# --- the organisation profile ------------------------------------------------------------------------------------


class OrganisationForm(Form):
    name = text_field("Organisation name", 200, required="the organisation name")
    description = text_field(
        "About the organisation",
        5000,
        required="a description",
        area=True,
        hint="What the organisation does, in a few sentences.",
    )
    org_type = VocabularyRadioField(
        "Type of organisation",
        taxonomy.ORGANISATION_TYPES,
        "Select a type of organisation from the list",
        validators=[select("the type of organisation")],
    )
    website = text_field(
        "Website (optional)",
        500,
        hint="For example, www.example.org. You can leave out the https:// part.",
        extra=[web_address("Website")],
        filters=[with_scheme],
    )
    email = text_field("Email address (optional)", 254, extra=[email_address("Email address")])
    phone = text_field(
        "Telephone number (optional)",
        40,
        extra=[Regexp(PHONE_PATTERN, message="Enter a telephone number, like 020 7946 0000")],
    )
    regions = VocabularyCheckboxField(
        "Regions served", taxonomy.REGIONS, "Select regions from the list", validators=[select_at_least_one("region")]
    )

    def validate_profile(self) -> bool:
        valid = self.validate()
        for field in self:
            if isinstance(field.data, str) and CONTROL_CHARACTERS.search(field.data) and not field.errors:
                field.errors = [f"{plain_label(field)} must not contain invisible control characters"]
        return valid and not self.errors

    def to_data(self) -> dict:
        return {
            "name": self.name.data,
            "description": self.description.data,
            "org_type": self.org_type.data,
            "website": self.website.data or None,
            "email": self.email.data or None,
            "phone": self.phone.data or None,
            "regions": list(dict.fromkeys(self.regions.data or [])),
        }


# --- bulk upload -------------------------------------------------------------------------------------------------


class UploadForm(Form):
    file = FileField(
        "Upload a CSV file",
        widget=GovFileInput(),
        description="Save your spreadsheet as 'CSV UTF-8'. Up to 500 rows and 2 MB.",
    )
