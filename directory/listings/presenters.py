"""Turn listings and counts into what templates show, so templates only loop and print."""

from __future__ import annotations

import math
from datetime import date
from urllib.parse import urlencode

from directory import clock, taxonomy
from directory.listings import fields, queries
from directory.listings.models import Listing, parse_dates


def home_counts() -> dict:
    """Listings per region and per provision type, from the search index's facet bitsets (no query over listings)."""
    counts = queries.facet_counts()
    return {"region_counts": counts["region"], "type_counts": counts["type"]}


def _labels(codes, vocabulary: taxonomy.Vocabulary) -> str:
    return ", ".join(vocabulary.label_for(code) for code in codes)


def _level_with_equivalent(code: str) -> str:
    """'Level 3 (equivalent to A levels or a T Level)'; just the code's label when it has no description."""
    term = taxonomy.LEVELS.get(code)
    if term is None:
        return code
    return f"{term.label} ({term.description[0].lower()}{term.description[1:].rstrip('.')})"


# The rows of the listing page's two summary lists, in order. Each row shows the fields the table puts in it
# (`page` "facts" or "course", `row`); a row the table names that is not here comes after these.
FACT_ROWS = (
    "Type",
    "Who it is for",
    "Who can apply",
    "Level",
    "Cost",
    "How it is delivered",
    "Where",
    "Address",
    "Venues",
    "Sector",
    "Status",
)
COURSE_ROWS = (
    "Start dates",
    "Apply by",
    "Study mode",
    "Hours per week",
    "How long it takes",
    "Entry requirements",
    "Price",
    "Funding available",
)


def listing_facts(listing: Listing) -> list[tuple[str, str]]:
    """(question, answer) rows for the listing page's summary list; rows with no answer are left out."""
    return _rows(listing, "facts", FACT_ROWS, None)


def availability_text(listing: Listing) -> str:
    """'Running (the source said so in May 2026)'; a bare label when no evidence is stored (e.g. a provider's word)."""
    label = listing.availability_label
    if listing.availability == "not-confirmed" or listing.availability_as_of is None:
        return label
    return f"{label} (the source said so in {listing.availability_as_of:%B %Y})"


def source_line(source: str, section: str | None = None) -> str:
    """'From <source> (<month year>), "<section>".' for a seeded record; a provider's own record says so."""
    if source == "provider":
        return "Written by the provider."
    dated = taxonomy.source_date(source)
    when = f" ({dated.shown})" if dated else ""
    where = f", section \u201c{section}\u201d" if section else ""
    return f"From {taxonomy.SOURCES.label_for(source)}{when}{where}."


def _day(value) -> str:
    return f"{value.day} {value:%B %Y}"


def start_dates_text(listing: Listing, today: date | None = None) -> str:
    """'You can start at any time', the coming start dates, or the provider's own words ('' when none)."""
    if listing.rolling:
        return "You can start at any time"
    upcoming = [_day(day) for day in listing.upcoming_start_dates(today)]
    return "; ".join(filter(None, ["; ".join(upcoming), listing.start_info or ""]))


def _pounds(value: float | None) -> str:
    if value is None:
        return ""
    amount = f"£{value:,.0f}" if float(value).is_integer() else f"£{value:,.2f}"
    return "Free" if value == 0 else f"{amount} (before any funding)"


def next_start_label(rolling: bool, dates, today: date | None = None) -> str:
    """What a result card says about starting: 'Start any time', 'Next start: 7 September 2027' or ''."""
    if rolling:
        return "Start any time"
    today = today or clock.now().date()
    upcoming = [day for day in parse_dates(dates) if day >= today]
    return f"Next start: {_day(upcoming[0])}" if upcoming else ""


def course_facts(listing: Listing, today: date | None = None) -> list[tuple[str, str]]:
    """The facts people compare courses by: when it starts, how it is studied, what it needs and costs."""
    return _rows(listing, "course", COURSE_ROWS, today)


def _rows(listing: Listing, part: str, order: tuple[str, ...], today: date | None) -> list[tuple[str, str]]:
    rows: dict[str, list[fields.Field]] = {}
    for spec in fields.FIELDS:
        if spec.page == part:
            rows.setdefault(spec.row_label, []).append(spec)
    answers = []
    for row in fields.ordered(order, rows, name=str):
        if row in ROW_ANSWERS:
            answer = ROW_ANSWERS[row](listing, today)
        else:
            answer = "; ".join(filter(None, (field_answer(listing, spec, today) for spec in rows[row])))
        if answer:
            answers.append((row, answer))
    return answers


def field_answer(listing: Listing, spec: fields.Field, today: date | None = None) -> str:
    """One field's answer as the listing page shows it ("" when it has none)."""
    value = getattr(listing, spec.name)
    if value in (None, "", []):
        return ""
    if spec.kind == "codes":
        return _labels(value, spec.vocabulary)
    if spec.kind == "code":
        return spec.vocabulary.label_for(value)
    if spec.kind == "lines":
        return ", ".join(value)
    if spec.kind == "venues":
        return "; ".join(", ".join(filter(None, [v["name"], v["address"], v["postcode"]])) for v in value)
    if spec.kind == "date":
        return _day(value)
    if spec.kind == "dates":
        return "; ".join(_day(day) for day in parse_dates(value) if day >= (today or clock.now().date()))
    if spec.kind == "number":
        return f"{value:g} {spec.unit}".strip()
    if spec.kind == "pounds":
        return _pounds(value)
    if spec.kind == "bool":
        return "Yes"
    return str(value)


# Rows whose answer is more than their fields' answers joined with "; ".
ROW_ANSWERS = {
    # each level with what it is equivalent to
    "Level": lambda listing, today: "; ".join(_level_with_equivalent(code) for code in listing.levels),
    # the address, then its postcode
    "Address": lambda listing, today: " ".join(filter(None, [listing.address or "", listing.postcode or ""])),
    # "You can start at any time", else the coming dates and the provider's words
    "Start dates": lambda listing, today: start_dates_text(listing, today),
    # with what the source said and when
    "Status": lambda listing, today: availability_text(listing),
}


def pagination(path: str, page: int, total: int, per_page: int, params: dict | None = None) -> dict | None:
    """The govukPagination parameters for a list, or None when it fits on one page."""
    pages = max(1, math.ceil(total / per_page))
    if pages == 1:
        return None

    def href(number: int) -> str:
        return f"{path}?{urlencode({**(params or {}), 'page': number}, doseq=True)}"

    items = [
        {"number": n, "href": href(n), "current": n == page}
        for n in range(1, pages + 1)
        if n in (1, pages) or abs(n - page) <= 2
    ]
    result = {"items": items}
    if page > 1:
        result["previous"] = {"href": href(page - 1)}
    if page < pages:
        result["next"] = {"href": href(page + 1)}
    return result


def organisation_facts(organisation) -> list[tuple[str, str]]:
    rows = [
        ("Type", organisation.type_label),
        ("Regions served", _labels(organisation.regions, taxonomy.REGIONS)),
        ("Website", organisation.website or ""),
        ("Email", organisation.email or ""),
        ("Telephone", organisation.phone or ""),
    ]
    return [(question, answer) for question, answer in rows if answer]
