"""Our controlled vocabularies published as Open Referral taxonomies (the JSON of each, at the end), and how each
one applies to a listing.

Every vocabulary in `directory.taxonomy.ALL_VOCABULARIES` is a taxonomy; each of its terms is a taxonomy term.
Ids come from the codes (see ids.py), so they are as stable as the codes themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from directory import public_ids as ids
from directory import taxonomy
from directory.listings import fields
from directory.listings.models import Listing, ListingTerm, Organisation

TAXONOMY_VERSION = "1"
API_PREFIX = "/api/v1"

# Vocabulary code -> how a listing carries it: ("terms", listing_terms scheme) for the field table's "codes" fields,
# ("column", Listing column) for its "code" fields and the listing's kind, or its organisation's type.
_LISTING_FIELDS = {
    **{
        spec.vocabulary.code: ("terms", spec.name) if spec.kind == "codes" else ("column", getattr(Listing, spec.name))
        for spec in fields.FIELDS
        if spec.vocabulary is not None
    },
    "kind": ("column", Listing.kind),
    "organisation-type": ("organisation", Organisation.org_type),
}


@dataclass(frozen=True)
class TermRef:
    vocabulary: taxonomy.Vocabulary
    term: taxonomy.Term

    @property
    def id(self) -> str:
        return ids.taxonomy_term_id(self.vocabulary.code, self.term.code)


VOCABULARIES: tuple[taxonomy.Vocabulary, ...] = taxonomy.ALL_VOCABULARIES
_BY_TAXONOMY_ID = {ids.taxonomy_id(v.code): v for v in VOCABULARIES}
_BY_TERM_ID = {ids.taxonomy_term_id(v.code, t.code): TermRef(v, t) for v in VOCABULARIES for t in v}


def vocabulary_by_id(taxonomy_id: str) -> taxonomy.Vocabulary | None:
    return _BY_TAXONOMY_ID.get((taxonomy_id or "").lower())


def term_by_id(term_id: str) -> TermRef | None:
    return _BY_TERM_ID.get((term_id or "").lower())


def all_terms(vocabulary: taxonomy.Vocabulary | None = None) -> list[TermRef]:
    vocabularies = [vocabulary] if vocabulary else VOCABULARIES
    return [TermRef(v, t) for v in vocabularies for t in v]


def term_ref(vocabulary: taxonomy.Vocabulary, code: str) -> TermRef | None:
    term = vocabulary.get(code)
    return TermRef(vocabulary, term) if term else None


def listing_has_any(vocabulary: taxonomy.Vocabulary, codes: list[str]):
    """A SQL condition: the listing carries at least one of these codes of the vocabulary."""
    kind, field = _LISTING_FIELDS[vocabulary.code]
    if kind == "terms":
        return Listing.id.in_(
            sa.select(ListingTerm.listing_id).where(ListingTerm.scheme == field, ListingTerm.code.in_(codes))
        )
    if kind == "organisation":
        return Listing.organisation_id.in_(sa.select(Organisation.id).where(field.in_(codes)))
    return field.in_(codes)


# --- as Open Referral objects --------------------------------------------------------------------------------------------------


def taxonomy_uri(site: str, vocabulary: taxonomy.Vocabulary) -> str:
    return f"{site}{API_PREFIX}/taxonomies/{ids.taxonomy_id(vocabulary.code)}"


def taxonomy_term(site: str, ref: TermRef) -> dict:
    return {
        "id": ref.id,
        "name": ref.term.label,
        "description": ref.term.description,
        "taxonomy": ref.vocabulary.label,
        "taxonomy_id": ids.taxonomy_id(ref.vocabulary.code),
        "term": ref.term.code,
        "term_uri": f"{site}{API_PREFIX}/taxonomy_terms/{ref.id}",
    }


def taxonomy_summary(site: str, vocabulary: taxonomy.Vocabulary) -> dict:
    return {
        "id": ids.taxonomy_id(vocabulary.code),
        "name": vocabulary.label,
        "description": vocabulary.description,
        "uri": taxonomy_uri(site, vocabulary),
        "version": TAXONOMY_VERSION,
    }


def taxonomy_full(site: str, vocabulary: taxonomy.Vocabulary) -> dict:
    terms = [taxonomy_term(site, TermRef(vocabulary, term)) for term in vocabulary]
    return {**taxonomy_summary(site, vocabulary), "taxonomy_terms": terms}
