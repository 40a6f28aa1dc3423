"""The listing fields a provider fills in, described once: question, kind and vocabulary.

The form, the CSV template and upload, the preview and the moderator's difference view all read this table, so a
field is named, labelled and shown the same way everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from directory import taxonomy


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: str  # text, lines, code, codes, bool, date, dates, number, pounds, venues
    vocabulary: taxonomy.Vocabulary | None = None


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "Title", "text"),
    FieldSpec("summary", "Summary", "text"),
    FieldSpec("description", "Description", "text"),
    FieldSpec("provision_type", "Type of provision", "code", taxonomy.PROVISION_TYPES),
    FieldSpec("section", "Directory section", "code", taxonomy.SECTIONS),
    FieldSpec("regions", "Regions", "codes", taxonomy.REGIONS),
    FieldSpec("places", "Towns, cities or boroughs", "lines"),
    FieldSpec("levels", "Qualification levels", "codes", taxonomy.LEVELS),
    FieldSpec("audiences", "Who it is for", "codes", taxonomy.AUDIENCES),
    FieldSpec("delivery", "How it is delivered", "codes", taxonomy.DELIVERY_MODES),
    FieldSpec("costs", "Cost", "codes", taxonomy.COSTS),
    FieldSpec("cost_details", "Cost details", "text"),
    FieldSpec("topics", "Sector topics", "codes", taxonomy.TOPICS),
    FieldSpec("eligibility", "Who can apply", "text"),
    FieldSpec("entry_requirements", "Entry requirements", "text"),
    FieldSpec("duration", "How long it takes", "text"),
    FieldSpec("start_info", "When it starts", "text"),
    FieldSpec("rolling", "People can start at any time", "bool"),
    FieldSpec("start_dates", "Start dates", "dates"),
    FieldSpec("apply_by", "Apply by", "date"),
    FieldSpec("study_modes", "Study mode", "codes", taxonomy.STUDY_MODES),
    FieldSpec("hours_per_week", "Hours per week", "number"),
    FieldSpec("cost_pounds", "Cost in pounds", "pounds"),
    FieldSpec("funding", "Funding available", "codes", taxonomy.FUNDING),
    FieldSpec("postcode", "Postcode", "text"),
    FieldSpec("address", "Address", "text"),
    FieldSpec("venues", "Venues", "venues"),
    FieldSpec("how_to_apply", "How to apply", "text"),
    FieldSpec("url", "Web page", "text"),
    FieldSpec("contact_email", "Contact email address", "text"),
    FieldSpec("contact_phone", "Contact telephone number", "text"),
    FieldSpec("outcomes", "What it has achieved", "lines"),
    FieldSpec("seeks_partners", "Looking for employer partners", "bool"),
    FieldSpec("partner_details", "How employers can get involved", "text"),
    FieldSpec("availability", "Availability", "code", taxonomy.AVAILABILITY),
)

BY_NAME = {spec.name: spec for spec in FIELDS}

ORGANISATION_LABELS = {
    "name": "Organisation name", "description": "About the organisation", "org_type": "Type of organisation",
    "website": "Website", "email": "Email address", "phone": "Telephone number", "regions": "Regions served",
}


def display(name: str, value) -> str:
    """A stored value as a person reads it: vocabulary labels, 'Yes'/'No', one line per item, dates in words."""
    spec = BY_NAME.get(name)
    if value in (None, "", []):
        return ""
    if spec is None:
        if name == "regions" or name == "org_type":
            vocabulary = taxonomy.REGIONS if name == "regions" else taxonomy.ORGANISATION_TYPES
            return _codes(value, vocabulary)
        return str(value)
    if spec.kind in ("code", "codes"):
        return _codes(value, spec.vocabulary)
    if spec.kind == "bool":
        return "Yes" if value else "No"
    if spec.kind == "lines":
        return "\n".join(str(item) for item in value)
    if spec.kind == "date":
        return _day(value)
    if spec.kind == "dates":
        return "\n".join(_day(item) for item in value)
    if spec.kind == "pounds":
        return pounds(value)
    if spec.kind == "venues":
        return "\n".join(venue_line(venue) for venue in value)
    if spec.kind == "number":
        return f"{value:g}" if isinstance(value, (int, float)) else str(value)
    return str(value)


def venue_line(venue: dict) -> str:
    """{'name': 'Lab', 'address': '1 Road', 'postcode': 'M1 1AE'} -> 'Lab, 1 Road, M1 1AE' (empty parts left out)."""
    return ", ".join(str(venue.get(part)) for part in ("name", "address", "postcode") if venue.get(part))


def _day(value) -> str:
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return f"{day.day} {day:%B %Y}"


def pounds(value) -> str:
    """1250 -> '£1,250', 1250.5 -> '£1,250.50', 0 -> '£0'."""
    if not isinstance(value, (int, float)):
        return str(value)
    return f"£{value:,.0f}" if float(value).is_integer() else f"£{value:,.2f}"


def _codes(value, vocabulary) -> str:
    codes = value if isinstance(value, list) else [value]
    return "\n".join(vocabulary.label_for(code) for code in codes)


def label(name: str) -> str:
    spec = BY_NAME.get(name)
    return spec.label if spec else ORGANISATION_LABELS.get(name, name.replace("_", " ").capitalize())
