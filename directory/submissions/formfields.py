"""Form fields for the listing form that render as GOV.UK components and keep what was typed on error.

Vocabulary radios and checkboxes with a hint per choice, a day/month/year date, several lines as a list, several
start dates, and numbers (hours, pounds) typed as text so "£1,250" or "7.5" come back exactly as written.
"""

from __future__ import annotations

import re
from datetime import date

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovDateInput,
    GovRadioInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import Field, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import StopValidation

from directory import clock
from directory.forms import AllowedValues, options

MAX_LINES = 20
MAX_START_DATES = 20
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


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
        super().__init__(
            label,
            choices=options(vocabulary.choices()),
            validate_choice=False,
            widget=HintedRadios(),
            validators=[*kwargs.pop("validators", []), AllowedValues(vocabulary.codes(), message)],
            **kwargs,
        )
        self.vocabulary = vocabulary


class VocabularyCheckboxField(SelectMultipleField):
    def __init__(self, label, vocabulary, message, **kwargs):
        super().__init__(
            label,
            choices=options(vocabulary.choices()),
            validate_choice=False,
            widget=HintedCheckboxes(),
            validators=[*kwargs.pop("validators", []), AllowedValues(vocabulary.codes(), message)],
            **kwargs,
        )
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
            missing = [name for name, part in zip(("day", "month", "year"), self.raw_data, strict=False) if not part]
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


def read_date(text: str) -> date | None:
    """A date typed as '7 9 2027', '7/9/2027', '2027-09-07' or '7 September 2027'; None when it is not one."""
    parts = [part for part in re.split(r"[\s/.,-]+", text.strip().lower()) if part]
    if len(parts) != 3:
        return None
    if len(parts[0]) == 4 and parts[0].isdigit():  # year first: ISO
        parts = [parts[2], parts[1], parts[0]]
    day, month, year = parts
    month_number = MONTHS.get(month) or (int(month) if month.isdigit() else None)
    if not (day.isdigit() and year.isdigit() and len(year) == 4 and month_number):
        return None
    try:
        return date(int(year), month_number, int(day))
    except (ValueError, OverflowError):
        return None


class StartDatesField(TextAreaField):
    """Several start dates, one per line. Keeps the text as typed; `dates` is what it means, soonest first."""

    def __init__(self, label, **kwargs):
        super().__init__(label, widget=GovTextArea(), **kwargs)

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in (self.data or "").splitlines() if line.strip()]

    @property
    def dates(self) -> list[date]:
        return sorted({day for day in map(read_date, self.lines) if day})

    def pre_validate(self, form):
        if len(self.lines) > MAX_START_DATES:
            raise StopValidation(f"Enter {MAX_START_DATES} start dates or fewer")
        today = clock.now().date()
        for line in self.lines:
            day = read_date(line)
            if day is None:
                raise StopValidation(f"Start date ‘{line}’ must be a real date, like 7 9 2027")
            if day < today:
                raise StopValidation(f"Start date ‘{line}’ must be today or in the future")
            if day.year > today.year + 5:
                raise StopValidation(f"Start date ‘{line}’ must be within the next 5 years")


class NumberField(StringField):
    """A number typed as text ('16', '7.5', '£1,250.00'), checked against a range; `number` is its value."""

    def __init__(self, label, *, low: float, high: float, example: str, places: int = 1, prefix: str = "", **kwargs):
        super().__init__(label, widget=GovTextInput(), **kwargs)
        self.low, self.high, self.example, self.places, self.prefix = low, high, example, places, prefix

    @property
    def number(self) -> float | None:
        text = (self.data or "").replace(",", "").strip()
        if self.prefix:
            text = text.removeprefix(self.prefix).strip()
        if not re.fullmatch(rf"\d+(\.\d{{1,{self.places}}})?", text):
            return None
        return float(text)

    def pre_validate(self, form):
        if not (self.data or "").strip():
            return
        name = self.label.text.replace(" (optional)", "")
        value = self.number
        if value is None:
            raise StopValidation(f"{name} must be a number, like {self.example}")
        if not self.low <= value <= self.high:
            raise StopValidation(f"{name} must be between {self.low:g} and {self.high:,g}")

    def process_data(self, value):
        self.data = format_number(value) if isinstance(value, (int, float)) else value


def format_number(value: float | None) -> str:
    """16.0 -> '16', 7.5 -> '7.5': how a stored number goes back into a text box."""
    return "" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def normalise_postcode(value):
    if not isinstance(value, str) or not value.strip():
        return value
    compact = re.sub(r"\s+", "", value).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def with_scheme(value):
    """'www.example.org/course' -> 'https://www.example.org/course': people rarely type the https:// part."""
    if isinstance(value, str) and value.strip() and "://" not in value and re.match(r"^[\w-]+(\.[\w-]+)+", value):
        return "https://" + value.strip()
    return value
