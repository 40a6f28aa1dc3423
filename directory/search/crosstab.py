"""Counts of one facet against another (region by provision type, region by level), from the facet bitsets.

    crosstab(rows, columns, filters) -> CrossTab

Each cell is the number /search shows for the same selection: the listings matching `filters` (with the same
defaults as search: no sector initiatives, no ended listings) whose `rows` facet has the row's code and whose
`columns` facet has the column's. As with search's facet counts, a selection on `rows` or `columns` themselves is
ignored, so cell (london, htq) equals the London count in /search?type=htq and the total of
/search?region=london&type=htq&local=1. The work is one AND and one bit count per cell on bitsets built once per
index version, so it costs the same at 100,000 listings as at 100.
"""

from __future__ import annotations

from dataclasses import dataclass

from directory.search import locality
from directory.search.engine import resolve_index
from directory.search.selection import FACETS, clean_filters, facet_values, select


@dataclass
class CrossTab:
    rows: str  # the facet down the side, e.g. "region"
    columns: str  # the facet across the top, e.g. "type"
    filters: dict[str, list[str]]  # the selection, cleaned against the vocabulary
    counts: dict[str, dict[str, int]]  # row code -> column code -> listings, in vocabulary order
    row_totals: dict[str, int]  # row code -> listings with that row code (any column value)
    column_totals: dict[str, int]  # column code -> listings with that column code (any row value)
    total: int  # listings matching the filters, whatever their rows and columns
    reach: dict[str, int] | None = None  # rows == "region": listings open to people there, national included

    def cell(self, row: str, column: str) -> int:
        return self.counts.get(row, {}).get(column, 0)


def _codes(name: str) -> list[str]:
    vocabulary = FACETS.get(name)
    if vocabulary is None or name in ("kind", "starts", "partners"):  # search options and a yes/no flag
        raise ValueError(f"{name!r} is not a facet a cross-tab can count")
    return vocabulary.codes()


def crosstab(rows: str, columns: str, filters: dict | None = None, *, index=None) -> CrossTab:
    """The cross-tab of two facets for a selection of the other facets (see the module docstring)."""
    row_codes, column_codes = _codes(rows), _codes(columns)
    return resolve_index(index).with_snapshot(
        lambda snap: _count(snap, rows, columns, row_codes, column_codes, filters)
    )


def _count(snap, rows, columns, row_codes, column_codes, filters) -> CrossTab:
    chosen = select(snap, "", filters, None)
    base = chosen.matched
    for name, mask in chosen.masks.items():
        if name not in (rows, columns):
            base &= mask
    row_values, column_values = facet_values(snap, rows), facet_values(snap, columns)
    counts, row_totals = {}, {}
    for row in row_codes:
        in_row = base & row_values.get(row, 0)
        row_totals[row] = in_row.bit_count()
        counts[row] = {
            column: (in_row & column_values.get(column, 0)).bit_count() if in_row else 0 for column in column_codes
        }
    column_totals = {column: (base & column_values.get(column, 0)).bit_count() for column in column_codes}
    reach = None
    if rows == "region":
        reach = {row: (base & locality.coverage_mask(row_values, [row], True)).bit_count() for row in row_codes}
    return CrossTab(rows, columns, clean_filters(filters), counts, row_totals, column_totals, base.bit_count(), reach)
