"""What every form shares: one text policy, GOV.UK-style messages, and the error summary.

Feature forms subclass `Form` and build validators with the helpers here, so the wording of every error
("Enter the course title", "Select at least one region") is decided in one place. The text policy (`tidy_text`,
`text_problem`) is also what the CSV upload (through the listing form) and the API's parameters go through.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from wtforms import Field, PasswordField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp, StopValidation, ValidationError

URL_PATTERN = re.compile(
    r"^https?://[^\s/$.?#][^\s]*\.[^\s]{2,}$|^https?://[^\s/$.?#][^\s]*\.[^\s]+/[^\s]*$", re.IGNORECASE
)
POSTCODE_PATTERN = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", re.IGNORECASE)


# --- the text policy: what any text typed into the site may hold ----------------------------------------------
# Control characters other than tab and line breaks (C0, DEL and C1: NUL is refused by PostgreSQL, and none is
# allowed in XML), noncharacters (U+FDD0-U+FDEF and the last two code points of every plane, e.g. U+FFFE, which
# broke the Atom feed) and lone surrogates are refused everywhere.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides and isolates make a one-line value (a name, a title) display as something else.
DIRECTION_CHANGES = re.compile("[\u202a-\u202e\u2066-\u2069]")
UNICODE_LINE_BREAKS = re.compile("[\u2028\u2029]")


def _is_noncharacter(char: str) -> bool:
    return (ord(char) & 0xFFFE) == 0xFFFE or 0xFDD0 <= ord(char) <= 0xFDEF or 0xD800 <= ord(char) <= 0xDFFF


def tidy_text(value, one_line: bool = False):
    """What is changed without asking: NFC normalisation, Unicode line separators as line breaks, line breaks in
    a one-line value as spaces, surrounding whitespace. Lone surrogates cannot be normalised, so are left for
    text_problem to refuse."""
    if not isinstance(value, str):
        return value
    if not any(0xD800 <= ord(char) <= 0xDFFF for char in value):
        value = unicodedata.normalize("NFC", value)
    value = UNICODE_LINE_BREAKS.sub("\n", value.replace("\r\n", "\n"))
    if one_line:
        value = re.sub(r"[\r\n]+", " ", value)
    return value.strip()


def text_problem(value: str, thing: str, one_line: bool = False) -> str | None:
    """The GOV.UK-style message for text the policy refuses, or None."""
    if CONTROL_CHARACTERS.search(value):
        return f"{thing} must not contain invisible control characters"
    if any(_is_noncharacter(char) for char in value):
        return f"{thing} must not contain characters that are not text, like U+FFFE"
    if one_line and DIRECTION_CHANGES.search(value):
        return f"{thing} must not contain characters that change the direction of text"
    return None


def _one_line(field_class) -> bool:
    return issubclass(field_class, StringField) and not issubclass(field_class, TextAreaField)


def _plain_label(field: Field) -> str:
    return str(field.label.text).replace(" (optional)", "")


class Form(FlaskForm):
    """A Flask-WTF form whose every text value follows the text policy: tidied before validation (tidy_text), and
    refused with a message beside the field when it holds characters the policy does not allow (text_problem).
    Passwords are left exactly as typed."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            cls = unbound_field.field_class
            if issubclass(cls, PasswordField):
                return unbound_field.bind(form=form, **options)
            one_line = _one_line(cls)
            filters = [lambda value: tidy_text(value, one_line), *unbound_field.kwargs.get("filters", [])]
            return unbound_field.bind(form=form, filters=filters, **options)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field, PasswordField) or not isinstance(field.data, str) or field.errors:
                continue
            problem = text_problem(field.data, _plain_label(field), _one_line(type(field)))
            if problem:
                field.errors = [problem]
                valid = False
        return valid


# --- validators with GOV.UK wording ------------------------------------------------------------------------


def enter(thing: str):
    """Required text: 'Enter the course title'."""
    return DataRequired(message=f"Enter {thing}")


def select(thing: str):
    """Required choice: 'Select the type of provision'."""
    return InputRequired(message=f"Select {thing}")


def select_at_least_one(thing: str):
    """Required multiple choice: 'Select at least one region'."""
    return DataRequired(message=f"Select at least one {thing}")


def max_length(limit: int, thing: str):
    """'Title must be 200 characters or fewer'."""
    return Length(max=limit, message=f"{thing} must be {limit} characters or fewer")


URL_UNSAFE = re.compile(r"[\s\"'<>\\`^{}|]")


def url_problem(value: str) -> bool:
    """True unless an http(s) address with a host and nothing that could break out of an HTML attribute."""
    if URL_UNSAFE.search(value) or not URL_PATTERN.match(value):
        return True
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return True
    return parts.scheme.lower() not in ("http", "https") or not parts.hostname


def refused_when(problem, message: str):
    """A validator: an answer for which problem(answer) is true gets the message, and no further checks."""

    def check(form, field):
        if field.data and problem(field.data):
            raise StopValidation(message)

    return check


def web_address(thing: str = "Web address"):
    return refused_when(url_problem, f"{thing} must be a full web address, like https://www.example.org")


def email_problem(value: str) -> bool:
    """True unless a real email address (email-validator's syntax rules; no DNS lookup)."""
    try:
        validate_email(value, check_deliverability=False)
        return False
    except EmailNotValidError:
        return True


def email_address(thing: str = "Email address"):
    return refused_when(email_problem, f"Enter {thing.lower()} in the correct format, like name@example.com")


def uk_postcode():
    return Regexp(POSTCODE_PATTERN, message="Enter a real postcode, like B15 2TT")


def optional():
    return Optional()


def options(pairs) -> list[SelectChoice]:
    """The choices of a radio, checkbox or select field from (value, label) pairs, such as a vocabulary's
    choices(): WTForms 3.3 deprecates plain tuples (3.4 refuses them)."""
    return [SelectChoice(value, label) for value, label in pairs]


class AllowedValues:
    """Reject any submitted value outside the allowed codes (guards against tampered forms)."""

    def __init__(self, codes, message: str):
        self.codes = set(codes)
        self.message = message

    def __call__(self, form, field: Field):
        values = field.data if isinstance(field.data, list) else [field.data]
        if any(value not in self.codes for value in values if value not in (None, "")):
            raise ValidationError(self.message)


# --- error summary -------------------------------------------------------------------------------------------


def field_anchor(field: Field) -> str:
    """The id the GOV.UK component gives the first input of a field, for the error summary's link."""
    if field.type in ("DateField", "GovDateField"):
        return f"{field.id}-day"
    return field.id


def error_summary_items(form) -> list[dict]:
    """govukErrorSummary items: one per message, linking to its field, in the order fields appear."""
    items = []
    for field in form:
        for message in field.errors if isinstance(field.errors, list) else []:
            items.append({"text": message, "href": f"#{field_anchor(field)}"})
    for message in getattr(form, "form_errors", []):
        items.append({"text": message, "href": "#main-content"})
    return items
