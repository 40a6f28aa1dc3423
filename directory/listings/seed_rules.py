"""The seed data's honesty rules, checked record by record after the field checks in seed.py.

A seeded record says only what its source states, so:
- a status other than `not-confirmed` carries the sentence that shows it (`availability_evidence`) and the date that
  sentence speaks for (`availability_as_of`);
- a cost or delivery tag carries a note of what the source says (`tag_evidence: {costs: ..., delivery: ...}`), so a
  tag inferred from the type ("an apprenticeship, so a paid job") cannot slip in unnoticed;
- a sector initiative (kind: initiative) is not something people join: no cost tag, no "how to take part";
- one organisation never has two listings with the same title (a duplicate to merge, keeping the old slug in
  `formerly:` so its address redirects).
"""

from __future__ import annotations

import re
from datetime import date

from directory import taxonomy

# Tag groups whose every tag must be backed by a note of what the source states.
EVIDENCED_TAG_GROUPS = ("costs", "delivery")
# Groups a note may be given for (the others are optional notes, for the audit).
TAG_EVIDENCE_GROUPS = (*EVIDENCED_TAG_GROUPS, "levels", "audiences", "regions")
MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def as_of_date(value) -> date | None:
    """`availability_as_of` as a date: a YAML date, or 'YYYY-MM' (the first of that month) or 'YYYY-MM-DD'."""
    if isinstance(value, date):
        return value
    match = MONTH.match(str(value)) if value is not None else None
    if not match:
        return None
    year, month, day = match.groups()
    try:
        return date(int(year), int(month), int(day or 1))
    except ValueError:
        return None


def record_problems(record: dict) -> list[str]:
    """Why a listing record breaks an honesty rule: one message per broken rule (empty when it keeps them all)."""
    problems = []
    availability = record.get("availability")
    if availability in taxonomy.EVIDENCED_AVAILABILITIES:
        if not record.get("availability_evidence"):
            problems.append(f"status {availability!r} needs 'availability_evidence', the sentence that shows it")
        if as_of_date(record.get("availability_as_of")) is None:
            problems.append(f"status {availability!r} needs 'availability_as_of', the date (YYYY-MM) it speaks for")
    evidence = record.get("tag_evidence") or {}
    for group in EVIDENCED_TAG_GROUPS:
        if record.get(group) and not evidence.get(group):
            problems.append(f"'{group}' tags need 'tag_evidence: {{{group}: ...}}' saying what the source states")
    if record.get("kind") == "initiative":
        if record.get("costs"):
            problems.append("a sector initiative has no cost tag (nobody pays to join it)")
        if record.get("how_to_apply"):
            problems.append("a sector initiative has no 'how_to_apply' (it is not something people join)")
    return problems


def tag_evidence_problem(value) -> str | None:
    if not isinstance(value, dict) or not value:
        return "must be a mapping of tag group: what the source states"
    unknown = sorted(set(value) - set(TAG_EVIDENCE_GROUPS))
    if unknown:
        return f"has unknown group(s) {unknown}; allowed: {', '.join(TAG_EVIDENCE_GROUPS)}"
    if not all(isinstance(v, str) and v.strip() for v in value.values()):
        return "must give non-empty text for each group"
    return None


def duplicate_titles(listings: list[dict]) -> list[tuple[str, str, list[str]]]:
    """(organisation, title, slugs) for each title used more than once within one organisation."""
    seen: dict[tuple[str, str], list[str]] = {}
    for record in listings:
        key = (record["organisation"], " ".join(record["title"].casefold().split()))
        seen.setdefault(key, []).append(record["slug"])
    return [(org, title, slugs) for (org, title), slugs in seen.items() if len(slugs) > 1]
