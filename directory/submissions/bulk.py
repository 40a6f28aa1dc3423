"""Bulk upload: a CSV template, reading an uploaded file, validating every row, then saving all rows or none.

Columns are `slug` (optional: fill it in to change one of your existing listings) followed by every field of the
field table (directory/listings/fields.py), in its order; venues take three columns each (venue_1_name,
venue_1_address, venue_1_postcode, up to venue 3). Cells holding several values separate them with `;` or `|`;
vocabulary columns take codes (see the allowed values CSV). Each row goes through the same ListingForm as the web
form, so the rules cannot drift apart.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from directory import taxonomy
from directory.listings import services
from directory.listings.fields import BY_NAME, FIELDS, TEXT_KINDS
from directory.listings.models import Listing, Organisation
from directory.submissions import workflow
from directory.submissions.forms import MAX_VENUES, VENUE_FIELD, VENUE_PARTS, ListingForm, formdata_from

VENUE_COLUMNS = tuple(f"venue_{number}_{part}" for number in range(1, MAX_VENUES + 1) for part in VENUE_PARTS)
COLUMNS = ("slug", *(name for spec in FIELDS for name in (VENUE_COLUMNS if spec.kind == "venues" else [spec.name])))
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500
SEPARATOR = re.compile(r"\s*[;|]\s*")
TRUE_WORDS = {"yes", "y", "true", "1"}
FALSE_WORDS = {"no", "n", "false", "0", ""}
# The template's example row: each field's example cell from the table, and one venue.
EXAMPLE_ROW = {
    **{spec.name: spec.example for spec in FIELDS if spec.example},
    "venue_1_name": "Camden training centre",
    "venue_1_address": "1 Example Street, London",
    "venue_1_postcode": "NW1 2DB",
}
COLUMN_HINTS = {
    **dict.fromkeys(TEXT_KINDS, "Text"),
    "lines": "Several items separated by ; or |",
    "bool": "yes or no",
    "date": "A date as YYYY-MM-DD, like 2027-09-01",
    "code": "One code from the allowed values",
    "dates": "One or more dates as YYYY-MM-DD, separated by ; or |",
    "number": "A number, like 16 or 7.5",
    "pounds": "An amount in pounds, like 1250 or 1250.50",
    "codes": "One or more codes from the allowed values, separated by ; or |",
}
VENUE_HINTS = {
    "name": "Text",
    "address": "Text",
    "postcode": "A UK postcode, like B15 2TT: needed when any of this venue's columns is filled in",
}


@dataclass
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass
class ParsedFile:
    rows: list[tuple[int, str, dict]] = field(default_factory=list)  # (row number, slug or "", snapshot data)
    errors: list[RowError] = field(default_factory=list)
    problem: str | None = None  # the whole file is unusable


# --- downloads -------------------------------------------------------------------------------------------------------


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerow([EXAMPLE_ROW.get(column, "") for column in COLUMNS])
    return out.getvalue()


def allowed_values_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["column", "code", "label", "description"])
    for spec in FIELDS:
        if spec.vocabulary is not None:
            for term in spec.vocabulary:
                writer.writerow([spec.name, term.code, term.label, term.description])
    return out.getvalue()


def column_guide() -> list[dict]:
    """One row per column for the upload page: name, question, what to enter."""
    guide = [
        {
            "column": "slug",
            "label": "Existing listing",
            "hint": "Leave empty for a new listing; enter the "
            "listing's web address name (the part after /listings/) to change one of yours",
        }
    ]
    for spec in FIELDS:
        if spec.kind == "venues":
            guide += [
                {"column": f"venue_{number}_{part}", "label": f"Venue {number} {part}", "hint": VENUE_HINTS[part]}
                for number in range(1, MAX_VENUES + 1)
                for part in VENUE_PARTS
            ]
        else:
            guide.append({"column": spec.name, "label": spec.label, "hint": COLUMN_HINTS[spec.kind]})
    return guide


# --- reading -------------------------------------------------------------------------------------------------------


def decode(content: bytes) -> str:
    """The file as text, or ValueError with a message a person can act on."""
    if not content.strip():
        raise ValueError("The selected file is empty")
    if len(content) > MAX_BYTES:
        raise ValueError("The selected file must be smaller than 2 MB")
    if b"\x00" in content[:4096]:
        raise ValueError("The selected file must be a CSV file (this looks like a spreadsheet or other binary file)")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("The selected file must be saved as 'CSV UTF-8'") from None


def parse(content: bytes, existing: dict[str, Listing]) -> ParsedFile:
    """Validate the whole file. `existing` maps the uploader's own listing slugs to their listings."""
    result = ParsedFile()
    try:
        text = decode(content)
        records = list(csv.reader(io.StringIO(text, newline="")))
    except (ValueError, csv.Error) as error:
        result.problem = str(error) if isinstance(error, ValueError) else "The selected file is not a readable CSV"
        return result
    if not records:
        result.problem = "The selected file is empty"
        return result
    header = [name.strip().lower() for name in records[0]]
    unknown = [name for name in header if name not in COLUMNS]
    if unknown or "title" not in header or len(set(header)) != len(header):
        result.problem = _header_problem(header, unknown)
        return result
    body = [(number, cells) for number, cells in enumerate(records[1:], start=2) if any(c.strip() for c in cells)]
    if len(body) > MAX_ROWS:
        result.problem = f"The file must have {MAX_ROWS} rows or fewer; it has {len(body)}"
        return result
    seen: dict[str, int] = {}
    for number, cells in body:
        _parse_row(result, number, header, cells, existing, seen)
    if not body:
        result.problem = "The file has no rows under its header"
    return result


def _header_problem(header, unknown) -> str:
    if unknown:
        return f"The first row must be the column names from the template; not recognised: {', '.join(unknown[:5])}"
    if "title" not in header:
        return "The first row must be the column names from the template, including 'title'"
    return "Each column name must appear only once in the first row"


def _parse_row(result: ParsedFile, number: int, header, cells, existing, seen) -> None:
    """Check one row and record every problem in it at once: its slug, each cell, then the form's own rules."""
    if len(cells) > len(header):
        result.errors.append(RowError(number, "", f"Row has {len(cells)} cells but the header has {len(header)}"))
        return
    values = dict(zip(header, [cell.strip() for cell in cells], strict=False))
    slug = values.pop("slug", "")
    errors: list[tuple[str, str]] = []
    base = _base(slug, number, existing, seen, errors)
    data, cell_errors = _row_data(values, base)
    errors += cell_errors
    form = ListingForm(formdata=formdata_from(data), meta={"csrf": False})
    form.validate_for("submit")
    flagged = {column for column, _ in errors}
    for name, messages in form.errors.items():
        if name not in flagged:
            errors += [(name, _with_value(message, values.get(name, ""))) for message in messages]
    result.errors.extend(RowError(number, column, message) for column, message in errors)
    if not errors:
        result.rows.append((number, slug, form.to_data()))


def _base(slug: str, number: int, existing, seen, errors: list) -> dict:
    """The listing a row changes (its working copy), or {} for a new one; a bad slug is one more error."""
    if not slug:
        return {}
    if slug not in existing or existing[slug].status == taxonomy.ARCHIVED:
        errors.append(("slug", f"None of your listings has the slug ‘{slug}’"))
        return {}
    if slug in seen:
        errors.append(("slug", f"This listing is already changed in row {seen[slug]}"))
        return {}
    seen[slug] = number
    return workflow.working_copy(existing[slug])


def _with_value(message: str, cell: str) -> str:
    return f"{message} (the file says ‘{cell}’)" if cell else message


def _row_data(values: dict, base: dict) -> tuple[dict, list[tuple[str, str]]]:
    """Cells as a snapshot dict over `base` (columns left out of the file keep their current value), and the
    problems found in the cells themselves, each naming the bad value (and the allowed codes)."""
    data, errors = dict(base), []
    venue_cells = {name: cell for name, cell in values.items() if name in VENUE_COLUMNS}
    if venue_cells:
        data["venues"] = _venues(venue_cells, base.get("venues") or [])
    for name, cell in values.items():
        if name in VENUE_COLUMNS:
            continue
        spec = BY_NAME[name]
        if spec.kind in ("codes", "lines", "code"):
            items = [item for item in SEPARATOR.split(cell) if item]
            data[name] = (items[0] if items else "") if spec.kind == "code" else items
            if spec.vocabulary is not None:
                errors += _code_problems(spec, items)
        elif spec.kind == "bool":
            if cell.lower() not in TRUE_WORDS | FALSE_WORDS:
                errors.append((name, f"{spec.label}: enter yes or no, not ‘{cell}’"))
            data[name] = cell.lower() in TRUE_WORDS
        elif spec.kind in ("date", "dates"):
            days = [item for item in SEPARATOR.split(cell) if item]
            bad = [day for day in days if _iso_date(day) is None]
            errors += [(name, f"{spec.label}: ‘{day}’ is not a real date written like 2027-09-01") for day in bad]
            good = [_iso_date(day) for day in days if day not in bad]
            data[name] = good if spec.kind == "dates" else (good[0] if good else None)
        else:
            data[name] = cell
    return data, errors


def _venues(cells: dict[str, str], current: list[dict]) -> list[dict]:
    """The venues after this row: the listing's current ones, each part given in a column replacing its own.
    Venues keep their numbers here (an empty one stays a gap) so the form's messages name the right venue."""
    venues = [dict(venue) for venue in current[:MAX_VENUES]]
    venues += [{} for _ in range(MAX_VENUES - len(venues))]
    for column, cell in cells.items():
        match = VENUE_FIELD.match(column)
        venues[int(match.group(1)) - 1][match.group(2)] = cell
    return venues


def _code_problems(spec, items: list[str]) -> list[tuple[str, str]]:
    unknown = [item for item in items if item not in spec.vocabulary]
    if spec.kind == "code" and len(items) > 1:
        return [(spec.name, f"{spec.label}: enter one code, not {len(items)} (‘{'; '.join(items)}’)")]
    if not unknown:
        return []
    allowed = ", ".join(spec.vocabulary.codes())
    return [(spec.name, f"{spec.label}: ‘{item}’ is not one of the allowed codes ({allowed})") for item in unknown]


def _iso_date(cell: str) -> str | None:
    """'2027-9-1' -> '2027-09-01'; None when the cell is not a real date in that form."""
    if not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", cell):
        return None
    year, month, day = cell.split("-")
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


# --- saving --------------------------------------------------------------------------------------------------------


def save(parsed: ParsedFile, organisation: Organisation, existing: dict[str, Listing], *, actor) -> list[int]:
    """Save every row as a draft (new listing or edit revision) in one transaction; return the listing ids."""
    assert not parsed.errors and parsed.problem is None, "save only a file that validated"
    listings = []
    for _, slug, data in parsed.rows:
        if slug:
            listing = existing[slug]
            workflow.save_draft(listing, data, actor=actor, commit=False)
        else:
            listing = workflow.create_listing(organisation, data, actor=actor, commit=False)
        listings.append(listing)
    services.commit_and_announce([listing.id for listing in listings])
    return [listing.id for listing in listings]
