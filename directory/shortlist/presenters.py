"""What the shortlist, shared and compare pages show: listings loaded by id, and compare rows built from the same
fact functions the listing page uses (directory/listings/presenters.py), so a fact is worded once."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from directory import geography
from directory.extensions import db
from directory.listings.models import Listing
from directory.listings.presenters import course_facts, listing_facts, next_start_label, start_dates_text
from directory.listings.queries import id_in
from directory.listings.search_presenters import miles_label
from directory.search.places import geocode

COMPARE_MIN, COMPARE_MAX = 2, 4
HOW_TO_TAKE_PART_CHARS = 200


def public_listings(ids: list[int]) -> list[Listing]:
    """The published listings among `ids`, in the order given; ids of listings no longer public are left out."""
    if not ids:
        return []
    rows = {row.id: row for row in db.session.scalars(sa.select(Listing).where(id_in(Listing.id, ids)))}
    return [rows[i] for i in ids if i in rows and rows[i].is_public]


@dataclass
class CompareProblem:
    status: int
    message: str


def compare_problem(ids: list[int] | None, found: list[Listing]) -> CompareProblem | None:
    """Why these ids cannot be compared, in words a person can act on; None when they can."""
    if ids is None:
        return CompareProblem(
            400,
            "The link has something other than listing numbers in it. Choose the listings "
            "to compare from your shortlist.",
        )
    if len(ids) < COMPARE_MIN:
        return CompareProblem(400, f"Choose at least {COMPARE_MIN} listings to compare.")
    if len(ids) > COMPARE_MAX:
        return CompareProblem(400, f"You can compare up to {COMPARE_MAX} listings at a time. You chose {len(ids)}.")
    missing = [str(i) for i in ids if i not in {listing.id for listing in found}]
    if missing:
        return CompareProblem(
            404,
            f"We could not find listing{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}. It may have been removed from the directory.",
        )
    return None


def distance_from(listing: Listing, point: tuple[float, float] | None) -> str:
    """'About 4 miles away' from the nearest of the listing's venues, when both ends have a point."""
    if point is None:
        return ""
    miles = [
        geography.miles_between(point, (venue.latitude, venue.longitude))
        for venue in listing.venue_rows
        if venue.latitude is not None and venue.longitude is not None
    ]
    return miles_label(min(miles)) if miles else ""


def place_point(place: str) -> tuple[float, float] | None:
    location = geocode(place) if place else None
    return location.point if location else None


def _joined(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


def _shortened(text: str, limit: int = HOW_TO_TAKE_PART_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "\u2026"


def compare_column(listing: Listing, point: tuple[float, float] | None = None) -> dict:
    """One listing's answers to the compare page's questions, read from the listing page's facts."""
    facts, course = dict(listing_facts(listing)), dict(course_facts(listing))
    hours = course.get("Hours per week", "")
    rows = [
        ("Type", listing.type_label),
        ("Provider", listing.organisation.name),
        ("Where", _joined(facts.get("Where", ""), distance_from(listing, point))),
        ("Level", facts.get("Level", "")),
        ("Who it is for", facts.get("Who it is for", "")),
        (
            "Cost and funding",
            _joined(facts.get("Cost", ""), course.get("Price", ""), course.get("Funding available", "")),
        ),
        ("Study mode and hours", _joined(course.get("Study mode", ""), facts.get("How it is delivered", ""), hours)),
        ("Next start", next_start_label(listing.rolling, listing.start_dates) or start_dates_text(listing)),
        ("Entry requirements", course.get("Entry requirements", "")),
        ("How to take part", _shortened(listing.how_to_apply or "") or "See the listing page"),
        ("Status", facts.get("Status", "")),
    ]
    return {"listing": listing, "rows": [(question, answer or "Not given") for question, answer in rows]}


def compare_table(listings: list[Listing], point: tuple[float, float] | None = None) -> dict:
    """Columns (one per listing) and the questions in order, for the side-by-side table and the stacked list."""
    columns = [compare_column(listing, point) for listing in listings]
    questions = [question for question, _ in columns[0]["rows"]] if columns else []
    return {
        "columns": columns,
        "questions": questions,
        "cells": [[column["rows"][n][1] for column in columns] for n in range(len(questions))],
    }
