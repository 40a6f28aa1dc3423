"""What every form shares: whitespace stripped from text, GOV.UK-style messages, and the error summary.

Feature forms subclass `Form` and build validators with the helpers here, so the wording of every error
("Enter the course title", "Select at least one region") is decided in one place.
"""
from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import Field
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp, ValidationError

URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]{2,}$|^https?://[^\s/$.?#][^\s]*\.[^\s]+/[^\s]*$",
                         re.IGNORECASE)
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
POSTCODE_PATTERN = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", re.IGNORECASE)


def strip_whitespace(value):
    return value.strip() if isinstance(value, str) else value


class Form(FlaskForm):
    """A Flask-WTF form that strips surrounding whitespace from every text value before validating."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = [strip_whitespace, *unbound_field.kwargs.get("filters", [])]
            return unbound_field.bind(form=form, filters=filters, **options)


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


def web_address(thing: str = "Web address"):
    return Regexp(URL_PATTERN, message=f"{thing} must be a full web address, like https://www.example.org")


def email_address(thing: str = "Email address"):
    return Regexp(EMAIL_PATTERN, message=f"Enter {thing.lower()} in the correct format, like name@example.com")


def uk_postcode():
    return Regexp(POSTCODE_PATTERN, message="Enter a real postcode, like B15 2TT")


def optional():
    return Optional()


def choices_from(vocabulary) -> list[tuple[str, str]]:
    return vocabulary.choices()


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
