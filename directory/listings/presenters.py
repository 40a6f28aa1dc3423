"""Turn listings and counts into what templates show, so templates only loop and print."""
from __future__ import annotations

import math
from datetime import date
from urllib.parse import urlencode

from directory import clock, taxonomy
from directory.listings import queries
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


def listing_facts(listing: Listing) -> list[tuple[str, str]]:
    """(question, answer) rows for the listing page's summary list; rows with no answer are left out."""
    level_hints = [_level_with_equivalent(code) for code in listing.levels]
    rows = [
        ("Type", listing.type_label),
        ("Who it is for", _labels(listing.audiences, taxonomy.AUDIENCES)),
        ("Who can apply", listing.eligibility or ""),
        ("Level", "; ".join(level_hints)),
        ("Cost", "; ".join(filter(None, [_labels(listing.costs, taxonomy.COSTS), listing.cost_details or ""]))),
        ("How it is delivered", _labels(listing.delivery, taxonomy.DELIVERY_MODES)),
        ("Where", "; ".join(filter(None, [_labels(listing.regions, taxonomy.REGIONS), ", ".join(listing.places)]))),
        ("Address", " ".join(filter(None, [listing.address or "", listing.postcode or ""]))),
        ("Venues", "; ".join(", ".join(filter(None, [v["name"], v["address"], v["postcode"]])) for v in listing.venues)),
        ("Sector", _labels(listing.topics, taxonomy.TOPICS)),
        ("Status", availability_text(listing)),
    ]
    return [(question, answer) for question, answer in rows if answer]


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
    hours = listing.hours_per_week
    rows = [
        ("Start dates", start_dates_text(listing, today)),
        ("Apply by", _day(listing.apply_by) if listing.apply_by else ""),
        ("Study mode", _labels(listing.study_modes, taxonomy.STUDY_MODES)),
        ("Hours per week", f"{hours:g} hours a week" if hours else ""),
        ("How long it takes", listing.duration or ""),
        ("Entry requirements", listing.entry_requirements or ""),
        ("Price", _pounds(listing.cost_pounds)),
        ("Funding available", _labels(listing.funding, taxonomy.FUNDING)),
    ]
    return [(question, answer) for question, answer in rows if answer]


def pagination(path: str, page: int, total: int, per_page: int, params: dict | None = None) -> dict | None:
    """The govukPagination parameters for a list, or None when it fits on one page."""
    pages = max(1, math.ceil(total / per_page))
    if pages == 1:
        return None

    def href(number: int) -> str:
        return f"{path}?{urlencode({**(params or {}), 'page': number}, doseq=True)}"

    items = [{"number": n, "href": href(n), "current": n == page}
             for n in range(1, pages + 1) if n in (1, pages) or abs(n - page) <= 2]
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
