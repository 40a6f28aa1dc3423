"""Stable UUIDs for everything the API publishes (listings and organisations also store theirs, see models).

Open Referral wants UUID identifiers. Ours are derived (uuid5) from a fixed namespace and the record's public,
never-reused key (a slug or a vocabulary code), so an id never changes between requests, servers or reloads of the
seed data, and the same record gets the same id on every copy of the database.
"""

from __future__ import annotations

import uuid

# Fixed for ever: changing it would change every published id.
NAMESPACE = uuid.UUID("6f1c9a52-3d2e-5b8a-9c47-2b0e8d9f4a61")


def stable_id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def service_id(slug: str) -> str:
    return stable_id("service", slug)


def organization_id(slug: str) -> str:
    return stable_id("organization", slug)


def service_at_location_id(slug: str, kind: str) -> str:
    """A listing's place of delivery: kind "physical" (its address) or "virtual" (online)."""
    return part_id("service_at_location", slug, kind)


def taxonomy_id(vocabulary_code: str) -> str:
    return stable_id("taxonomy", vocabulary_code)


def taxonomy_term_id(vocabulary_code: str, term_code: str) -> str:
    return stable_id("taxonomy_term", vocabulary_code, term_code)


def part_id(kind: str, owner_slug: str, *key: str) -> str:
    """The id of a record that exists only inside a service or organisation (an attribute, a cost option...)."""
    return stable_id(kind, owner_slug, *key)


def is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value.lower()
    except (ValueError, AttributeError, TypeError):
        return False
