"""Find a UK postcode or place name in what someone typed, the region it is in and, where known, its point.

`locate("lab jobs M1")` -> Location(region="north-west", matched="M1", remainder="lab jobs", point=(53.48, -2.24)).
This is the site's one geocoder: search, /providers, venues on save and the API's `postcode` all use `geocode`.
Points are postcode-district centroids (directory/geography.py); Northern Ireland's postcodes and places have a
region but no point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from directory import geography
from directory.search.places_data import AMBIGUOUS_PLACES, DISTRICT_OVERRIDES, PLACE_DISTRICTS, PLACES, POSTCODE_AREAS

# A full postcode ("B15 2TT", "b152tt") or an outward code alone ("M1", "EH1", "SW1A").
POSTCODE = re.compile(r"\b([A-Za-z]{1,2})([0-9][A-Za-z0-9]?)(?:\s*([0-9][A-Za-z]{2}))?\b")
WORD = re.compile(r"[\w'’-]+")
LONGEST_PLACE = max(len(name.split()) for name in PLACES)


@dataclass(frozen=True)
class Location:
    region: str
    matched: str  # the postcode or place name as the person typed it
    remainder: str  # the rest of the text, with the location taken out
    point: tuple[float, float] | None = None  # (latitude, longitude) of its postcode district, when known
    place: str | None = None  # the place name's key (lower case), when it was a place


def _district_point(outward: str) -> tuple[tuple[float, float] | None, str | None]:
    district = geography.districts().get(outward)
    return ((district.latitude, district.longitude), district.region) if district else (None, None)


def region_for_postcode(area: str, district: str) -> str | None:
    area, district = area.upper(), district.upper()
    if area not in POSTCODE_AREAS:
        return None
    digits = re.match(r"\d+", district)
    outward = area + (digits.group(0) if digits else district)
    return DISTRICT_OVERRIDES.get(outward, POSTCODE_AREAS[area])


def _find_postcode(text: str) -> Location | None:
    for match in POSTCODE.finditer(text):
        area, district, inward = match.groups()
        # A bare outward code must look like one: upper case as typed, or a full postcode with its inward part.
        if not inward and not (area.isupper() or text.strip() == match.group(0)):
            continue
        region = region_for_postcode(area, district)
        if region:
            remainder = (text[: match.start()] + " " + text[match.end() :]).strip()
            point, district_region = _district_point((area + district).upper())
            return Location(district_region or region, match.group(0).strip(), " ".join(remainder.split()), point)
    return None


def _find_place(text: str, strict: bool) -> Location | None:
    words = [(m.group(0), m.start(), m.end()) for m in WORD.finditer(text)]
    for size in range(min(LONGEST_PLACE, len(words)), 0, -1):
        for i in range(len(words) - size + 1):
            chunk = words[i : i + size]
            name = " ".join(word for word, _, _ in chunk).lower().replace("’", "'")
            region = PLACES.get(name)
            if not region:
                continue
            if strict and name in AMBIGUOUS_PLACES and not chunk[0][0][:1].isupper():
                continue
            start, end = chunk[0][1], chunk[-1][2]
            remainder = " ".join((text[:start] + " " + text[end:]).split())
            point, _ = _district_point(PLACE_DISTRICTS.get(name, ""))
            return Location(region, text[start:end], remainder, point, name)
    return None


def locate(text: str, *, strict: bool = True) -> Location | None:
    """The first postcode, else the longest place name, in `text`; None when there is neither.

    With strict (for free-text queries), place names that are also everyday words ("reading", "bath") count only
    when capitalised; the dedicated `place` box passes strict=False.
    """
    if not text:
        return None
    return _find_postcode(text) or _find_place(text, strict)


def geocode(text: str | None) -> Location | None:
    """A full or partial postcode, or a place name, as a Location (region, and point where known); None if neither.

    For a box that holds only a location (a venue's postcode, the API's `postcode`, the search page's `place`)."""
    return locate(" ".join((text or "").split())[:100], strict=False)
