"""Where results are: which listings a location includes, the locality tiers they rank in, and distances.

All from plain document fields with the bitset approach (selection.py): the region facet's bitsets give coverage,
the `place` field's the places, and each snapshot's venue points the distances. Distance work is limited to the
matched listings that have venues; nothing per request walks the whole index.

A search in a region or place includes that region's listings, its nation's, Great Britain's where it applies and
the UK's (directory/geography.py says which); ranking puts listings with a venue near the point or in the place
first, then the region's own, then the nation's, then Great Britain's and the UK's.
"""

from __future__ import annotations

import math

from directory import geography
from directory.search import bitsets
from directory.search.schema import analyse
from directory.search.segments import map_cell as _cell
from directory.search.snapshot import WARMERS

DISTANCES = (5, 10, 25, 50, 100)  # miles a person can choose
LOCAL_MILES = 10  # without a chosen distance, venues this close rank with the place itself
ENDED = "ended"
# Within a locality tier: running first, then planned, then temporarily closed, then ended (only when asked for).
AVAILABILITY_ORDER = ("open", "planned", "temporarily-closed", ENDED)
_MILES_PER_DEGREE = 69.05  # of latitude; a quick bounding test before the exact distance


def clean_distance(value) -> int | None:
    try:
        miles = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return miles if miles in DISTANCES else None


def _union(values: dict[str, int], codes) -> int:
    mask = 0
    for code in codes:
        mask |= values.get(code, 0)
    return mask


def coverage_mask(region_bits: dict[str, int], codes: list[str], national: bool) -> int:
    """The listings open to someone in any of `codes`: with `national`, those covering the nation, Great Britain
    and the UK too; without, only those specific to the codes themselves."""
    return _union(region_bits, geography.open_to(codes) if national else dict.fromkeys(codes))


def availability_mask(snap, chosen: list[str]) -> int:
    """The availability selection; by default everything but ended listings."""
    values = snap.masks.get("availability", {})
    if chosen:
        return _union(values, chosen)
    return snap.live & ~values.get(ENDED, 0)


def grid(snap) -> dict[tuple[int, int], int]:
    """Documents with a venue in each map cell, as bitsets (built once per index version, like the facets)."""
    if snap.grid is None:
        cells: dict[tuple[int, int], int] = {}
        for data, offset in snap.segments:
            for cell, bits in data.cells.items():
                cells[cell] = cells.get(cell, 0) | (bits << offset)
        snap.grid = {cell: bits & snap.live for cell, bits in cells.items()}
    return snap.grid


def around(snap, point: tuple[float, float], miles: float) -> int:
    """Documents with a venue in the cells that a circle of `miles` around `point` touches: a superset of those
    within the distance, so the exact distance is computed only for them."""
    lat_span = miles / _MILES_PER_DEGREE
    lon_span = miles / (_MILES_PER_DEGREE * max(0.1, math.cos(math.radians(point[0]))))
    (south, west), (north, east) = (
        _cell(point[0] - lat_span, point[1] - lon_span),
        _cell(point[0] + lat_span, point[1] + lon_span),
    )
    cells = grid(snap)
    mask = 0
    for row in range(south, north + 1):
        for column in range(west, east + 1):
            mask |= cells.get((row, column), 0)
    return mask


WARMERS.append(grid)  # built off the request path after each index change, with the speller


def distances(snap, candidates: int, point: tuple[float, float], within: float | None = None) -> dict[int, float]:
    """{docnum: miles to its nearest venue} for the candidates with venues (only those within `within` miles)."""
    lat0, lon0 = map(math.radians, point)
    cos0 = math.cos(lat0)
    limit_degrees = (within / _MILES_PER_DEGREE) if within is not None else None
    wanted = candidates & snap.venue_bits
    found = {}
    for data, offset in snap.segments:  # each segment's points in place: no tuples made per document
        offsets, coordinates = data.points.offsets, data.points.coordinates
        for local in bitsets.docnums((wanted >> offset) & bitsets.all_of(data.size)):
            best = None
            for at in range(offsets[local], offsets[local + 1], 2):
                lat, lon = coordinates[at], coordinates[at + 1]
                if limit_degrees is not None and abs(lat - point[0]) > limit_degrees:
                    continue
                lat1, lon1 = math.radians(lat), math.radians(lon)
                h = math.sin((lat1 - lat0) / 2) ** 2 + cos0 * math.cos(lat1) * math.sin((lon1 - lon0) / 2) ** 2
                miles = 2 * geography.EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))
                if best is None or miles < best:
                    best = miles
            if best is not None and (within is None or best <= within):
                found[local + offset] = best
    return found


def tiers(snap, codes: list[str], first: int, final: int) -> list[int]:
    """`final` split into locality tiers, best first: `first` (near the point or in the place), then each tier
    of geography.locality_tiers(codes), then whatever is left (e.g. far venues found by a wider distance)."""
    region_bits = snap.masks.get("region", {})
    groups, taken = [], 0
    for mask in [first, *(_union(region_bits, tier) for tier in geography.locality_tiers(codes))]:
        mask &= final & ~taken
        if mask:
            groups.append(mask)
            taken |= mask
    rest = final & ~taken
    return groups + ([rest] if rest else [])


def by_availability(snap, mask: int) -> list[int]:
    """One locality tier split so running listings come before planned ones (and so on)."""
    values = snap.masks.get("availability", {})
    groups, taken = [], 0
    for code in AVAILABILITY_ORDER:
        part = mask & values.get(code, 0)
        if part:
            groups.append(part)
            taken |= part
    rest = mask & ~taken
    return groups + ([rest] if rest else [])


def place_mask(snap, place: str | None) -> int:
    """Listings in a place: those naming it among their places, and those specific to an area (not national)
    whose title or provider names it ("Liverpool City Region Skills Bootcamps")."""
    if not place:
        return 0
    named = snap.masks.get("place", {}).get(place, 0)
    stems = analyse(place)
    if stems:
        in_head = snap.live
        for stem in stems:
            in_head &= snap.term_bits("head", stem)
        region_bits = snap.masks.get("region", {})
        local = _union(region_bits, [c for c in region_bits if c not in geography.NATIONAL_SCOPES])
        named |= in_head & local
    return named


def apply_location(snap, chosen, distance: int | None, sort: str) -> None:
    """Work out a selection's distances and first locality tier (selection.py's Selection, changed in place); a
    chosen distance also lets in venues within it that a region alone would leave out (a Cardiff venue 30 miles
    from Bristol)."""
    location = chosen.parsed.location
    chosen.point = location.point if location else None
    chosen.near = place_mask(snap, location.place if location else None)
    if chosen.point is None:
        return
    # Exact distances only where they decide something, the grid narrowing the rest: a chosen distance lets in
    # venues within it wherever they are; without one, nearby venues rank first and a distance sort orders all.
    if distance is not None:
        candidates = bitsets.intersection(
            [chosen.matched, around(snap, chosen.point, distance)]
            + [m for name, m in chosen.masks.items() if name != "region"]
        )
    elif sort == "distance":
        candidates = chosen.final
    else:
        candidates = chosen.final & around(snap, chosen.point, LOCAL_MILES)
    chosen.miles = distances(snap, candidates, chosen.point)
    near_bits = bitsets.from_docnums([n for n, m in chosen.miles.items() if m <= (distance or LOCAL_MILES)], snap.size)
    chosen.near |= near_bits
    if distance is not None:
        chosen.distance, chosen.masks["region"] = distance, chosen.masks.get("region", 0) | near_bits
        chosen.final = bitsets.intersection([chosen.matched, *chosen.masks.values()])
