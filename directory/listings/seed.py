"""Load the curated seed data in seed_data/: validate every file first, then upsert by slug in one transaction.

records = read_seed_dir("seed_data")        # raises SeedError naming file, record and field
summary = load(records)                     # creates or updates; unchanged records are left untouched
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
import yaml

from directory import clock, geography, taxonomy
from directory.extensions import db
from directory.listings import seed_rules
from directory.listings.models import TERM_ATTRIBUTES, Listing, Organisation, SlugRedirect
from directory.listings.services import commit_and_announce
from directory.progress import Progress, no_progress

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class SeedError(ValueError):
    """A seed file is malformed. The message names the file, the record and the field."""


@dataclass
class SeedRecords:
    organisations: list[dict] = field(default_factory=list)
    listings: list[dict] = field(default_factory=list)


# field -> (required, kind, vocabulary or limit)
ORGANISATION_FIELDS = {
    "slug": (True, "slug", None),
    "name": (True, "text", 200),
    "type": (True, "code", taxonomy.ORGANISATION_TYPES),
    "description": (True, "text", 2000),
    "regions": (True, "codes", taxonomy.REGIONS),
    "website": (False, "url", None),
    "email": (False, "email", None),
    "phone": (False, "text", 40),
    "source": (True, "code", taxonomy.SOURCES),
    "source_section": (True, "text", 300),
}

LISTING_FIELDS = {
    "slug": (True, "slug", None),
    "title": (True, "text", 200),
    "organisation": (True, "slug", None),
    "summary": (True, "text", 300),
    "description": (True, "text", 5000),
    "type": (True, "code", taxonomy.PROVISION_TYPES),
    "section": (True, "code", taxonomy.SECTIONS),
    "regions": (True, "codes", taxonomy.REGIONS),
    "availability": (True, "code", taxonomy.AVAILABILITY),
    "availability_evidence": (False, "text", 1000),
    "availability_as_of": (False, "month", None),
    "kind": (False, "code", taxonomy.KINDS),
    "scope_note": (False, "text", 1000),
    "tag_evidence": (False, "tag_evidence", None),
    "formerly": (False, "slugs", None),
    "source": (True, "code", taxonomy.SOURCES),
    "source_section": (True, "text", 300),
    "levels": (False, "codes", taxonomy.LEVELS),
    "audiences": (False, "codes", taxonomy.AUDIENCES),
    "delivery": (False, "codes", taxonomy.DELIVERY_MODES),
    "costs": (False, "codes", taxonomy.COSTS),
    "topics": (False, "codes", taxonomy.TOPICS),
    "places": (False, "texts", 100),
    "outcomes": (False, "texts", 300),
    "eligibility": (False, "text", 2000),
    "cost_details": (False, "text", 2000),
    "duration": (False, "text", 200),
    "start_info": (False, "text", 300),
    "how_to_apply": (False, "text", 2000),
    "partner_details": (False, "text", 2000),
    "rolling": (False, "bool", None),
    "seeks_partners": (False, "bool", None),
    "url": (False, "url", None),
    "contact_email": (False, "email", None),
    "contact_phone": (False, "text", 40),
    "postcode": (False, "text", 10),
    "address": (False, "text", 300),
    "venues": (False, "venues", None),
}


def _field_problem(value, kind: str, rule) -> str | None:
    """Why a value is not acceptable for its kind of field, or None when it is."""
    if kind == "slug":
        return None if isinstance(value, str) and SLUG.match(value) else "must be lower-case words joined by hyphens"
    if kind == "text":
        if not isinstance(value, str) or not value.strip():
            return "must be non-empty text"
        return f"must be at most {rule} characters" if len(value) > rule else None
    if kind == "texts":
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            return "must be a list of non-empty text"
        return f"each item must be at most {rule} characters" if any(len(v) > rule for v in value) else None
    if kind == "code":
        return None if value in rule else f"{value!r} is not one of: {', '.join(rule.codes())}"
    if kind == "codes":
        if not isinstance(value, list) or not value:
            return "must be a non-empty list of codes"
        unknown = [v for v in value if v not in rule]
        return f"unknown code(s) {unknown}; allowed: {', '.join(rule.codes())}" if unknown else None
    if kind == "month":
        return None if seed_rules.as_of_date(value) else "must be a date written YYYY-MM or YYYY-MM-DD"
    if kind == "tag_evidence":
        return seed_rules.tag_evidence_problem(value)
    if kind == "slugs":
        ok = isinstance(value, list) and value and all(isinstance(v, str) and SLUG.match(v) for v in value)
        return None if ok else "must be a list of slugs"
    if kind == "bool":
        return None if isinstance(value, bool) else "must be true or false"
    if kind == "url":
        return (
            None
            if isinstance(value, str) and URL.match(value)
            else "must be a web address starting http:// or https://"
        )
    if kind == "email":
        return None if isinstance(value, str) and EMAIL.match(value) else "must be an email address"
    if kind == "venues":
        return _venues_problem(value)
    raise AssertionError(kind)


def _venues_problem(value) -> str | None:
    """Venues are a list of {name, address, postcode}: a postcode is required, the others are optional text."""
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        return "must be a list of venues, each with name, address and postcode"
    for venue in value:
        unknown = sorted(set(venue) - {"name", "address", "postcode"})
        if unknown:
            return f"venue has unknown field(s) {', '.join(unknown)}"
        if not geography.outward_code(venue.get("postcode")):
            return f"venue postcode {venue.get('postcode')!r} is not a UK postcode"
        if any(not isinstance(venue.get(k, ""), str) or len(venue.get(k, "")) > 200 for k in ("name", "address")):
            return "venue name and address must be text of at most 200 characters"
    return None


def validate_record(record, fields: dict, where: str) -> None:
    if not isinstance(record, dict):
        raise SeedError(f"{where}: each record must be a mapping of field: value")
    name = f"{where} record {record.get('slug', '(no slug)')!r}"
    unknown = sorted(set(record) - set(fields))
    if unknown:
        raise SeedError(f"{name}: unknown field(s) {', '.join(unknown)}")
    for field_name, (required, kind, rule) in fields.items():
        if field_name not in record or record[field_name] is None:
            if required:
                raise SeedError(f"{name}: field {field_name!r} is required")
            continue
        problem = _field_problem(record[field_name], kind, rule)
        if problem:
            raise SeedError(f"{name}: field {field_name!r} {problem}")


def _read_yaml(path: Path, key: str) -> list:
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise SeedError(f"{path.name}: not valid YAML: {error}") from error
    if not isinstance(content, dict) or not isinstance(content.get(key), list):
        raise SeedError(f"{path.name}: expected a top-level '{key}:' list")
    return content[key]


def read_seed_dir(seed_dir) -> SeedRecords:
    """Read and validate every seed file; raise SeedError on the first problem, having written nothing."""
    seed_dir = Path(seed_dir)
    records = SeedRecords()
    org_file = seed_dir / "organisations.yaml"
    for record in _read_yaml(org_file, "organisations"):
        validate_record(record, ORGANISATION_FIELDS, org_file.name)
        records.organisations.append(record)
    for path in sorted((seed_dir / "listings").glob("*.yaml")):
        for record in _read_yaml(path, "listings"):
            validate_record(record, LISTING_FIELDS, f"listings/{path.name}")
            _check_rules(record, f"listings/{path.name}")
            records.listings.append({**record, "_file": f"listings/{path.name}"})
    _check_references(records)
    return records


def _check_rules(record: dict, where: str) -> None:
    problems = seed_rules.record_problems(record)
    if problems:
        raise SeedError(f"{where} record {record['slug']!r}: " + "; ".join(problems))


def _check_references(records: SeedRecords) -> None:
    org_slugs = [r["slug"] for r in records.organisations]
    duplicates = {s for s in org_slugs if org_slugs.count(s) > 1}
    if duplicates:
        raise SeedError(f"organisations.yaml: duplicate slug(s) {sorted(duplicates)}")
    seen = {}
    for record in records.listings:
        where = f"{record['_file']} record {record['slug']!r}"
        if record["slug"] in seen:
            raise SeedError(f"{where}: slug already used in {seen[record['slug']]}")
        seen[record["slug"]] = record["_file"]
        if record["organisation"] not in org_slugs:
            raise SeedError(
                f"{where}: field 'organisation' names {record['organisation']!r}, which is not in organisations.yaml"
            )
    retired = [(old, r) for r in records.listings for old in r.get("formerly") or []]
    for old, record in retired:
        if old in seen or [o for o, _ in retired].count(old) > 1:
            raise SeedError(f"{record['_file']} record {record['slug']!r}: 'formerly' slug {old!r} is still in use")
    for organisation, title, slugs in seed_rules.duplicate_titles(records.listings):
        raise SeedError(
            f"organisation {organisation!r} has the title {title!r} more than once: {', '.join(slugs)}; "
            "merge them, keeping the old slugs in 'formerly'"
        )


def _organisation_values(record: dict) -> dict:
    return {
        "name": record["name"],
        "description": record["description"],
        "org_type": record["type"],
        "website": record.get("website"),
        "email": record.get("email"),
        "phone": record.get("phone"),
        "regions": record["regions"],
        "source": record["source"],
        "source_section": record["source_section"],
    }


def _listing_values(record: dict) -> dict:
    values = {
        name: record.get(name)
        for name in LISTING_FIELDS
        if name not in ("slug", "organisation", "type", "source", "source_section", "tag_evidence", "formerly")
    }
    values["kind"] = values["kind"] or "provision"
    values["availability_as_of"] = seed_rules.as_of_date(values["availability_as_of"])
    for name in ("places", "outcomes", "venues"):
        values[name] = values[name] or []
    for name, vocabulary in TERM_ATTRIBUTES.items():
        wanted = set(values[name] or [])
        values[name] = [code for code in vocabulary.codes() if code in wanted]  # the order the model reads back
    values["venues"] = [
        {
            "name": " ".join(v.get("name", "").split()),
            "address": " ".join(v.get("address", "").split()),
            "postcode": " ".join(v["postcode"].upper().split()),
        }
        for v in values["venues"]
    ]
    values["rolling"] = bool(values["rolling"])
    values["seeks_partners"] = bool(values["seeks_partners"])
    values["provision_type"] = record["type"]
    values["source"] = record["source"]
    values["source_section"] = record["source_section"]
    return values


def _update_if_changed(obj, values: dict) -> bool:
    changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
    for name, value in changed.items():
        setattr(obj, name, value)
    if changed:
        obj.updated_at = clock.now()
    return bool(changed)


def load(records: SeedRecords, progress: Progress | None = None) -> dict[str, int]:
    """Create or update every record by slug, in one transaction; return counts of created/updated/unchanged.
    `progress` is called as progress(stage, done, total) (see directory/progress.py)."""
    progress = progress or no_progress
    summary = {"created": 0, "updated": 0, "unchanged": 0}
    organisations = {o.slug: o for o in db.session.scalars(sa.select(Organisation))}
    for record in records.organisations:
        org = organisations.get(record["slug"])
        if org is None:
            org = organisations[record["slug"]] = Organisation(slug=record["slug"])
            db.session.add(org)
        _count(summary, org, _update_if_changed(org, _organisation_values(record)))
        progress(
            "Organisations", summary["created"] + summary["updated"] + summary["unchanged"], len(records.organisations)
        )
    db.session.flush()
    existing = {row.slug: row for row in db.session.scalars(sa.select(Listing))}
    touched = []
    for number, record in enumerate(records.listings, start=1):
        listing = existing.get(record["slug"])
        if listing is None:
            listing = Listing(slug=record["slug"], status=taxonomy.PUBLISHED, published_at=clock.now())
            db.session.add(listing)
        values = {**_listing_values(record), "organisation_id": organisations[record["organisation"]].id}
        changed = _update_if_changed(listing, values)
        _count(summary, listing, changed)
        if changed:
            touched.append(listing)
        progress("Listings", number, len(records.listings))
    db.session.flush()
    touched += _retire_merged(records, existing)
    progress("Saving and indexing", 0, 1)
    commit_and_announce([listing.id for listing in touched])
    progress("Saving and indexing", 1, 1)
    return summary


def _retire_merged(records: SeedRecords, existing: dict) -> list[Listing]:
    """Point each retired slug at the record it was merged into (a 301), archiving the old row if it was loaded."""
    by_slug = {**existing, **{row.slug: row for row in db.session.scalars(sa.select(Listing))}}
    redirects = {row.old_slug: row for row in db.session.scalars(sa.select(SlugRedirect))}
    retired = []
    for record in records.listings:
        kept = by_slug[record["slug"]]
        for old in record.get("formerly") or []:
            redirect = redirects.get(old) or SlugRedirect(old_slug=old)
            redirect.listing_id = kept.id
            db.session.add(redirect)
            old_row = by_slug.get(old)
            if old_row is not None and old_row.status != taxonomy.ARCHIVED:
                old_row.status = taxonomy.ARCHIVED
                old_row.updated_at = clock.now()
                retired.append(old_row)
    return retired


def _count(summary: dict, obj, changed: bool) -> None:
    if obj.id is None:
        summary["created"] += 1
    elif changed:
        summary["updated"] += 1
    else:
        summary["unchanged"] += 1
