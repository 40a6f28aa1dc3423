"""Where provision is open to people: which coverage codes contain which, and where postcode districts are.

The one statement of the containment rules (bottom floor: everything that asks "does this listing serve someone in
Glasgow?" reads it). An English region is in England; England, Scotland and Wales are in Great Britain; all four
nations are in the UK. Northern Ireland is in the UK but not in Great Britain. So a search in a region or place
includes that region's listings, its nation's, Great Britain's where it applies and the UK's, and never another
nation's national provision (no England-only listing in a Glasgow search).

Distances are between postcode districts: `geodata/outcodes.csv` holds each Great Britain district's centroid (OS
Code-Point Open, Open Government Licence; see geodata/PROVENANCE.md). Northern Ireland has no open coordinates.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from directory import taxonomy

SCOTLAND, WALES, NORTHERN_IRELAND = "scotland", "wales", "northern-ireland"
NATIONS = (taxonomy.ENGLAND, SCOTLAND, WALES, NORTHERN_IRELAND)
ENGLISH_REGIONS = (
    "north-east",
    "north-west",
    "yorkshire-and-the-humber",
    "east-midlands",
    "west-midlands",
    "east-of-england",
    "london",
    "south-east",
    "south-west",
)
# Codes that describe provision open across a whole nation or more, as opposed to one region or place.
NATIONAL_SCOPES = (taxonomy.ENGLAND, taxonomy.GREAT_BRITAIN, taxonomy.UK_WIDE)
SCOPE_LABELS = {
    taxonomy.UK_WIDE: "Available across the UK",
    taxonomy.GREAT_BRITAIN: "Great Britain",
    taxonomy.ENGLAND: "England only",
}
OUTCODES_CSV = Path(__file__).parent / "geodata" / "outcodes.csv"
EARTH_RADIUS_MILES = 3958.8
ATTRIBUTION = (
    "Contains OS data © Crown copyright and database right 2025. "
    "Contains Royal Mail data © Royal Mail copyright and database right 2025. "
    "Contains National Statistics data © Crown copyright and database right 2025. "
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0."
)


def nation_of(code: str) -> str | None:
    """The nation a region code is in (Scotland's nation is Scotland); None for Great Britain and UK-wide."""
    if code in ENGLISH_REGIONS or code == taxonomy.ENGLAND:
        return taxonomy.ENGLAND
    return code if code in NATIONS else None


def containing(code: str) -> list[str]:
    """The codes whose provision is open to someone in `code`, nearest first: itself, its nation, Great Britain
    (not for Northern Ireland) and the UK. containing("london") == ["london", "england", "great-britain", "uk-wide"].
    """
    if code == taxonomy.UK_WIDE:
        return [taxonomy.UK_WIDE]
    if code == taxonomy.GREAT_BRITAIN:
        return [taxonomy.GREAT_BRITAIN, taxonomy.UK_WIDE]
    nation = nation_of(code)
    codes = list(dict.fromkeys([code, nation] if nation else [code]))
    if nation != NORTHERN_IRELAND:
        codes.append(taxonomy.GREAT_BRITAIN)
    return [*codes, taxonomy.UK_WIDE]


def open_to(codes: list[str]) -> list[str]:
    """The coverage codes whose provision is open to someone in any of `codes`: "a region includes its nation's,
    Great Britain's and the UK's provision", the one rule every region filter and count reads (through search).
    open_to(["london", "wales"]) == ["london", "england", "great-britain", "uk-wide", "wales"]."""
    return list(dict.fromkeys(wider for code in codes for wider in containing(code)))


def locality_tiers(codes: list[str]) -> list[list[str]]:
    """For a search in `codes`: the coverage codes of each locality tier, best first (the regions themselves,
    then their nations, then Great Britain and the UK). Tiers that would repeat a code are left out."""
    seen: set[str] = set()
    tiers = []
    for level in ("own", "nation", "wider"):
        tier = []
        for code in codes:
            chain = containing(code)
            if level == "own":
                picked = chain[:1]
            elif level == "nation":
                picked = [c for c in chain[1:] if c in NATIONS]
            else:
                picked = [c for c in chain if c in (taxonomy.GREAT_BRITAIN, taxonomy.UK_WIDE)]
            tier += [c for c in picked if c not in seen and c not in tier]
        seen.update(tier)
        if tier:
            tiers.append(tier)
    return tiers


def scope_label(codes: list[str]) -> str:
    """How a result card labels a listing's coverage: "" when it names a region or nation of its own."""
    if any(code not in NATIONAL_SCOPES for code in codes):
        return ""
    for code in (taxonomy.UK_WIDE, taxonomy.GREAT_BRITAIN, taxonomy.ENGLAND):
        if code in codes:
            return SCOPE_LABELS[code]
    return ""


AREA_NAMES = {taxonomy.ENGLAND: "England", taxonomy.GREAT_BRITAIN: "Great Britain", taxonomy.UK_WIDE: "the UK"}


def wider_areas(code: str) -> str:
    """'England, Great Britain and the UK': the wider areas whose provision is open to people in `code`."""
    names = [AREA_NAMES.get(c, taxonomy.REGIONS.label_for(c)) for c in containing(code)[1:]]
    return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + (names[-1] if names else "")


# --- points ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class District:
    outcode: str
    latitude: float
    longitude: float
    region: str


@lru_cache(maxsize=1)
def districts() -> dict[str, District]:
    """Every Great Britain postcode district, by outward code (loaded once per process: 2,864 rows, ~5 ms)."""
    with OUTCODES_CSV.open(newline="", encoding="utf-8") as handle:
        return {
            row["outcode"]: District(row["outcode"], float(row["latitude"]), float(row["longitude"]), row["region"])
            for row in csv.DictReader(handle)
        }


OUTWARD = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)(?: ?[0-9][A-Z]{2})?$")


def outward_code(postcode: str | None) -> str | None:
    """ "g12 8qq" -> "G12"; "SW1A" -> "SW1A"; None when it is not shaped like a postcode or district."""
    text = " ".join((postcode or "").upper().split())
    match = OUTWARD.match(text)
    if match is None:
        compact = text.replace(" ", "")
        match = OUTWARD.match(compact[:-3] + " " + compact[-3:]) if len(compact) > 4 else None
    return match.group(1) if match else None


def district_for(postcode: str | None) -> District | None:
    outward = outward_code(postcode)
    return districts().get(outward) if outward else None


def miles_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in miles (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))
