"""The /coverage page: where provision is and where it is missing, from the search engine's cross-tabs.

Counts are the search package's crosstab() (facet bitsets, so the page costs the same at any size); every number
links to the /search that shows it: a region's own listings are /search?region=<code>&local=1 (national listings
count under england, great-britain and uk-wide, as everywhere on the site).
"""

from __future__ import annotations

import csv
import io
import math
from urllib.parse import urlencode

from flask import url_for

from directory import geography, taxonomy
from directory.search import CrossTab, clean_filters, crosstab

FILTERS = ("audience", "topic")  # what the page's form may narrow by; everything else is dropped
# The schematic tile map: (column, row) of each nation and English region on a 5 x 6 grid, roughly where it lies.
TILES = {
    "scotland": (2, 0),
    "northern-ireland": (0, 1),
    "north-east": (3, 1),
    "north-west": (2, 2),
    "yorkshire-and-the-humber": (3, 2),
    "wales": (1, 3),
    "west-midlands": (2, 3),
    "east-midlands": (3, 3),
    "east-of-england": (4, 3),
    "south-west": (1, 4),
    "south-east": (2, 4),
    "london": (3, 4),
}
TILE_SHORT = {
    "scotland": "SCO",
    "northern-ireland": "NI",
    "north-east": "NE",
    "north-west": "NW",
    "yorkshire-and-the-humber": "YH",
    "wales": "WAL",
    "west-midlands": "WM",
    "east-midlands": "EM",
    "east-of-england": "EE",
    "south-west": "SW",
    "south-east": "SE",
    "london": "LON",
}
TILE_SIZE, TILE_GAP = 64, 6
MAP_SIZE = 5 * (TILE_SIZE + TILE_GAP) - TILE_GAP  # five columns and five rows of tiles
SHADES = 4  # shades of blue for counts above zero; zero is a hatched "gap" tile


def read_filters(args) -> dict[str, list[str]]:
    """Audience and topic codes from the query string, cleaned against the vocabulary (unknown ones dropped)."""
    return clean_filters({name: args.getlist(name)[:50] for name in FILTERS if name in args})


def coverage_counts(filters: dict, *, index=None) -> tuple[CrossTab, CrossTab]:
    """The two cross-tabs the page shows: region by provision type, and region by level."""
    return crosstab("region", "type", filters, index=index), crosstab("region", "level", filters, index=index)


def _search_href(filters: dict, **chosen: str) -> str:
    pairs = list(chosen.items()) + [(name, code) for name, codes in filters.items() for code in codes]
    return url_for("search.search") + "?" + urlencode(pairs)


def shade(count: int, largest: int) -> int:
    """0 for a gap, else 1..SHADES in proportion to the largest count shown."""
    return 0 if count <= 0 else max(1, math.ceil(SHADES * count / max(1, largest)))


def _tiles(by_type: CrossTab, filters: dict) -> list[dict]:
    largest = max((by_type.row_totals[code] for code in TILES), default=0)
    step = TILE_SIZE + TILE_GAP
    return [
        {
            "code": code,
            "label": taxonomy.REGIONS.label_for(code),
            "short": TILE_SHORT[code],
            "count": by_type.row_totals[code],
            "shade": shade(by_type.row_totals[code], largest),
            "x": column * step,
            "y": row * step,
            "size": TILE_SIZE,
            "middle": column * step + TILE_SIZE // 2,
            "name_y": row * step + TILE_SIZE * 2 // 5,
            "count_y": row * step + TILE_SIZE * 4 // 5,
            "href": _search_href(filters, region=code, local="1"),
        }
        for code, (column, row) in TILES.items()
    ]


def _legend(largest: int) -> list[dict]:
    """Each shade's range of counts, in words, so the map does not rely on colour."""
    bands = [{"shade": 0, "text": "No listings (a gap)"}]
    for band in range(1, SHADES + 1):
        low, high = math.floor((band - 1) * largest / SHADES) + 1, math.floor(band * largest / SHADES)
        if high >= low:
            bands.append({"shade": band, "text": str(low) if low == high else f"{low} to {high}"})
    return bands


def _region_rows(by_type: CrossTab, filters: dict) -> dict[str, list[dict]]:
    """The table beside the map: the nations and regions, then the national scopes, each under its own heading."""
    rows = [
        {
            "code": code,
            "label": taxonomy.REGIONS.label_for(code),
            "count": by_type.row_totals[code],
            "href": _search_href(filters, region=code, local="1"),
            "reach": by_type.reach[code],
            "reach_href": _search_href(filters, region=code),
        }
        for code in taxonomy.REGIONS.codes()
    ]
    return {
        "areas": [row for row in rows if row["code"] not in geography.NATIONAL_SCOPES],
        "national": [row for row in rows if row["code"] in geography.NATIONAL_SCOPES],
    }


def _matrix(tab: CrossTab, vocabulary: taxonomy.Vocabulary, filters: dict) -> dict:
    """Rows of the column facet's values (types or levels), one cell per region; empty cells are gaps."""
    regions = taxonomy.REGIONS.codes()
    rows = []
    for term in vocabulary:
        cells = [
            {
                "region": region,
                "count": tab.cell(region, term.code),
                "href": _search_href(filters, region=region, local="1", **{tab.columns: term.code}),
            }
            for region in regions
        ]
        rows.append(
            {
                "code": term.code,
                "label": term.label,
                "cells": cells,
                "total": tab.column_totals[term.code],
                "gaps": sum(1 for cell in cells if not cell["count"] and cell["region"] in TILES),
            }
        )
    return {
        "facet": tab.columns,
        "regions": [{"code": code, "label": taxonomy.REGIONS.label_for(code)} for code in regions],
        "rows": rows,
        "areas": len(TILES),
    }


def coverage_view(filters: dict) -> dict:
    by_type, by_level = coverage_counts(filters)
    largest = max((by_type.row_totals[code] for code in TILES), default=0)
    return {
        "total": by_type.total,
        "tiles": _tiles(by_type, filters),
        "legend": _legend(largest),
        "regions": _region_rows(by_type, filters),
        "by_type": _matrix(by_type, taxonomy.PROVISION_TYPES, filters),
        "by_level": _matrix(by_level, taxonomy.LEVELS, filters),
        "map_size": {"width": MAP_SIZE, "height": MAP_SIZE},
        "choices": {name: _choices(taxonomy.LISTING_FACETS[name], filters.get(name, [])) for name in FILTERS},
        "filter_labels": [
            taxonomy.LISTING_FACETS[name].label_for(code) for name, codes in filters.items() for code in codes
        ],
        "csv_href": url_for("explore.coverage_csv")
        + ("?" + urlencode([(name, code) for name, codes in filters.items() for code in codes]) if filters else ""),
    }


def _choices(vocabulary: taxonomy.Vocabulary, chosen: list[str]) -> list[dict]:
    return [{"value": "", "text": "Any", "selected": not chosen}] + [
        {"value": term.code, "text": term.label, "selected": term.code in chosen} for term in vocabulary
    ]


def coverage_csv(filters: dict) -> str:
    """One row per nation, region and national scope: its own listings, those open to people there, then its
    count for each provision type and level (headers are vocabulary codes, which are stable)."""
    by_type, by_level = coverage_counts(filters)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "region",
            "region_label",
            "listings_specific_to_region",
            "listings_open_to_people_there",
            *(f"type:{code}" for code in taxonomy.PROVISION_TYPES.codes()),
            *(f"level:{code}" for code in taxonomy.LEVELS.codes()),
        ]
    )
    for code in taxonomy.REGIONS.codes():
        writer.writerow(
            [
                code,
                taxonomy.REGIONS.label_for(code),
                by_type.row_totals[code],
                by_type.reach[code],
                *(by_type.cell(code, column) for column in taxonomy.PROVISION_TYPES.codes()),
                *(by_level.cell(code, column) for column in taxonomy.LEVELS.codes()),
            ]
        )
    return out.getvalue()
