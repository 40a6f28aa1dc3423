"""Search results for people to take away: every listing matching a search as CSV or JSON, and an Atom feed of
the newest of them, so a careers adviser can follow "apprenticeships in the North West" without an account.

The filters are the search page's own (its parameters, read by its presenter, answered by `search_ids`), so a
download holds exactly what the page lists, on every page of it.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

import sqlalchemy as sa

from directory import clock, taxonomy
from directory import public_ids as ids
from directory.api.oruk import STATUS_BY_AVAILABILITY, timestamp
from directory.api.queries import matching_listing_ids
from directory.extensions import db
from directory.licence import DATA_LICENCE_NAME, DATA_LICENCE_URL
from directory.listings import fields
from directory.listings.models import Listing
from directory.listings.queries import id_in
from directory.search import FACETS, clean_filters

FEED_SIZE = 50
BATCH = 500  # listings read from the database, and rows written out, at a time
MAX_ROWS = 10_000  # a download larger than this (EXPORT_MAX_ROWS) is sent to the nightly full file
LIST_IDS_UP_TO = 1_000  # matches named in the query; more are found by walking the (status, title, id) index
# Leading characters that make a spreadsheet treat a cell as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ExportQuery:
    q: str
    place: str
    filters: dict[str, list[str]]

    def pairs(self) -> list[tuple[str, str]]:
        """The search parameters, in a canonical order (so a feed's address and id are stable)."""
        pairs = [("q", self.q)] if self.q else []
        if self.place:
            pairs.append(("place", self.place))
        pairs += [(name, code) for name in FACETS for code in self.filters.get(name, [])]
        return pairs

    def query_string(self) -> str:
        return urlencode(self.pairs())

    def description(self) -> str:
        """In words, e.g. "Apprenticeship in North West matching “laboratory”"."""

        def labels(name: str) -> str:
            return " or ".join(FACETS[name].label_for(code) for code in self.filters[name])

        text = labels("type") if "type" in self.filters else "Listings"
        if "region" in self.filters:
            text += f" in {labels('region')}"
        others = [labels(name) for name in self.filters if name not in ("type", "region")]
        if others:
            text += f" ({'; '.join(others)})"
        if self.q:
            text += f" matching “{self.q}”"
        if self.place:
            text += f" near {self.place}"
        return text


def printable(text: str, limit: int = 200) -> str:
    """Text safe to echo into a feed or file: control characters dropped (XML 1.0 forbids most), spaces collapsed."""
    kept = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn") or ch in "\t\n")
    return " ".join(kept.split())[:limit]


def from_params(params: dict) -> ExportQuery:
    return ExportQuery(
        q=printable(params["q"]), place=printable(params["place"]), filters=clean_filters(params["filters"])
    )


def matches(query: ExportQuery) -> list[int]:
    """The matching listings' ids, from the search index (cheap: a download's size is known before any row is read)."""
    return matching_listing_ids(query.q, query.filters, query.place)


def in_download_order(matched: list[int]) -> list[int]:
    """These published listings' ids in the download's order (title, then id: an index)."""
    if not matched:
        return []
    in_order = sa.select(Listing.id).where(Listing.is_public).order_by(Listing.title, Listing.id)
    if len(matched) <= LIST_IDS_UP_TO:
        return list(db.session.scalars(in_order.where(id_in(Listing.id, matched))))
    wanted = set(matched)  # many: walking the index and keeping the matches is cheaper than naming them all
    return [
        listing_id
        for listing_id in db.session.scalars(in_order.execution_options(yield_per=5000))
        if listing_id in wanted
    ]


def listings_in_order(ids_in_order: list[int]) -> Iterator[Listing]:
    """The listings with these ids, in this order, read a batch at a time so memory stays flat at any size."""
    for start in range(0, len(ids_in_order), BATCH):
        chunk = ids_in_order[start : start + BATCH]
        found = {
            listing.id: listing for listing in db.session.scalars(sa.select(Listing).where(id_in(Listing.id, chunk)))
        }
        yield from (found[i] for i in chunk if i in found)
        db.session.expunge_all()


def newest_matching(query: ExportQuery, limit: int = FEED_SIZE) -> list[Listing]:
    """The `limit` most recently updated matching listings, newest first: walks the (status, updated) index from
    the newest down until enough match, rather than sorting every match."""
    matched = set(matching_listing_ids(query.q, query.filters, query.place))
    found: list[int] = []
    last = None
    while matched and len(found) < limit:
        statement = (
            sa.select(Listing.id, Listing.updated_at)
            .where(Listing.is_public)
            .order_by(Listing.updated_at.desc(), Listing.id.desc())
            .limit(BATCH)
        )
        if last is not None:
            statement = statement.where(sa.tuple_(Listing.updated_at, Listing.id) < sa.tuple_(*last))
        rows = db.session.execute(statement).all()
        if not rows:
            break
        found += [row.id for row in rows if row.id in matched]
        last = tuple(rows[-1])
    return list(listings_in_order(found[:limit]))


# --- rows --------------------------------------------------------------------------------------------------------------

# The download's columns in order. Columns the field table adds (a field's `export`) that are not named here come
# after "postcode"; the rest are about the listing, not one of its fields.
ORDER = (
    "title",
    "provider",
    "type",
    "section",
    "summary",
    "regions",
    "places",
    "levels",
    "audiences",
    "delivery",
    "cost",
    "cost_details",
    "topics",
    "status",
    "duration",
    "starts",
    "next_start_date",
    "start_dates",
    "apply_by",
    "study_modes",
    "hours_per_week",
    "entry_requirements",
    "cost_pounds",
    "funding",
    "eligibility",
    "how_to_apply",
    "website",
    "email",
    "telephone",
    "address",
    "postcode",
)
AFTER_FIELDS = ("listing_page", "provider_page", "id", "last_verified", "updated")
# Columns two fields share, and what they hold: "Any time" when people can start at any time, else the words.
SHARED_COLUMNS = {"starts": lambda listing: "Any time" if listing.rolling else (listing.start_info or "")}
FIELD_COLUMNS = {spec.export: spec for spec in fields.FIELDS if spec.export and spec.export not in SHARED_COLUMNS}
COLUMNS = (*ORDER, *(column for column in FIELD_COLUMNS if column not in ORDER), *AFTER_FIELDS)


def _labels(codes, vocabulary: taxonomy.Vocabulary) -> list[str]:
    return [vocabulary.label_for(code) for code in codes]


def _number(value: float | None) -> str:
    """16.0 -> '16', 1250.5 -> '1250.50', None -> '' (a CSV cell and a JSON value people can read alike)."""
    if value is None:
        return ""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def cell(listing: Listing, spec: fields.Field):
    """One field as a download shows it: labels for codes, lists kept as lists, ISO dates, '' for no answer."""
    value = getattr(listing, spec.name)
    if spec.kind == "codes":
        return _labels(value, spec.vocabulary)
    if spec.kind == "code":
        return spec.vocabulary.label_for(value)
    if spec.kind in ("lines", "dates"):
        return list(value or [])
    if spec.kind in ("number", "pounds"):
        return _number(value)
    if spec.kind == "date":
        return value.isoformat() if value else ""
    if spec.kind == "bool":
        return "yes" if value else "no"
    return value or ""


def listing_row(listing: Listing, site: str) -> dict:
    """One listing as plain values, lists kept as lists (the JSON form; CSV joins them with '; ')."""
    row = {column: cell(listing, spec) for column, spec in FIELD_COLUMNS.items()}
    row.update({column: value_of(listing) for column, value_of in SHARED_COLUMNS.items()})
    row.update(
        {
            "provider": listing.organisation.name,
            "next_start_date": listing.next_start().isoformat() if listing.next_start() else "",
            "listing_page": f"{site}/listings/{listing.slug}",
            "provider_page": f"{site}/providers/{listing.organisation.slug}",
            "id": ids.service_id(listing.slug),
            "last_verified": listing.last_verified_at.date().isoformat() if listing.last_verified_at else "",
            "updated": timestamp(listing.updated_at),
        }
    )
    return {column: row[column] for column in COLUMNS}


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text: lists joined, and a leading formula character defused with a quote."""
    text = "; ".join(value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_chunks(listings: Iterable[Listing], site: str) -> Iterator[str]:
    """The CSV a piece at a time: a byte-order mark (so Excel reads UTF-8) and the header, then rows in batches."""
    out = io.StringIO()
    writer = csv.writer(out)
    out.write("\ufeff")
    writer.writerow(COLUMNS)
    yield out.getvalue()  # the header at once, before any listing is read
    out.seek(0)
    out.truncate()
    for n, listing in enumerate(listings, start=1):
        row = listing_row(listing, site)
        writer.writerow([safe_cell(row[column]) for column in COLUMNS])
        if n % BATCH == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def json_chunks(listings: Iterable[Listing], total: int, site: str, query: ExportQuery) -> Iterator[str]:
    """The JSON document `json.dumps(..., ensure_ascii=False, indent=1)` would give for {search, parameters,
    licence, licence_url, total, listings: [rows]}, written a listing at a time."""
    head = json.dumps(
        {
            "search": query.description(),
            "parameters": dict(_group(query.pairs())),
            "licence": DATA_LICENCE_NAME,
            "licence_url": DATA_LICENCE_URL,
            "total": total,
        },
        ensure_ascii=False,
        indent=1,
    )
    yield head[:-2] + ',\n "listings": ['
    first = True
    for listing in listings:
        item = json.dumps(listing_row(listing, site), ensure_ascii=False, indent=1).replace("\n", "\n  ")
        yield ("\n  " if first else ",\n  ") + item
        first = False
    yield "]\n}" if first else "\n ]\n}"


def _group(pairs):
    grouped: dict[str, list[str] | str] = {}
    for name, value in pairs:
        if name in ("q", "place"):
            grouped[name] = value
        else:
            grouped.setdefault(name, []).append(value)
    return grouped.items()


def atom_feed(query: ExportQuery, listings: list[Listing], site: str, feed_path: str, page_path: str) -> dict:
    """What templates/api/feed.atom.xml shows: the feed's own details and its entries, newest first."""
    suffix = f"?{query.query_string()}" if query.query_string() else ""
    newest = max((listing.updated_at for listing in listings), default=None)
    return {
        "site": site,
        "self": f"{site}{feed_path}{suffix}",
        "alternate": f"{site}{page_path}{suffix}",
        "title": f"{query.description()} – Life Sciences Skills Directory",
        "description": query.description(),
        "updated": timestamp(newest or clock.now()),
        "entries": feed_entries(listings, site),
    }


def feed_entries(listings: list[Listing], site: str) -> list[dict]:
    return [
        {
            "id": f"urn:uuid:{ids.service_id(listing.slug)}",
            "title": listing.title,
            "link": f"{site}/listings/{listing.slug}",
            "updated": timestamp(listing.updated_at),
            "published": timestamp(listing.published_at) if listing.published_at else None,
            "summary": listing.summary or listing.description,
            "author": listing.organisation.name,
            "categories": [listing.type_label, *_labels(listing.regions, taxonomy.REGIONS)],
            "status": STATUS_BY_AVAILABILITY.get(listing.availability, "active"),
        }
        for listing in listings
    ]
