"""The index's shape: one Whoosh document per searchable listing, and how a plain listing document becomes one.

Lean on purpose (measurement showed every indexed field and term costs build time, size and searcher-open time):
two text fields without positions, facet codes as unscored keywords, sort keys and versions as columns, and what a
result card shows stored once as a dict.
"""

from __future__ import annotations

import re

from whoosh import columns, fields, formats

from directory import taxonomy
from directory.search.analysis import ANALYSIS, ANALYZER, SPELLING_ANALYZER, analyse
from directory.search.places import locate

__all__ = ["ANALYZER", "SPELLING_ANALYZER", "analyse"]  # the analyser lives in analysis.py; these names stay here

# Keyword fields whose values get a bitset each: the listing facets, plus kind (initiatives are left out unless
# asked for), availability (ended listings are left out unless asked for), place (the listing's places, lower
# case, for the "in the place" locality tier) and starts (each start date, ISO, and "rolling": the "starts
# within" filter is worked out from it per day).
FACET_FIELDS = (*tuple(taxonomy.LISTING_FACETS), "partners", "kind", "availability", "place", "starts")
# Two text fields, not six: "head" is the title and the provider's name, weighted above "text" (summary,
# description, type and sector labels, places). HEAD_WEIGHT is how much more a word in the head counts.
HEAD_WEIGHT = 3.0
EXCERPT_CHARS = 600

# Words people use for the same thing. A document carries the concept's code when its text says any of the
# variants; a query that says any variant also asks for the concept. Patterns run on text as written.
CONCEPTS: dict[str, re.Pattern] = {
    "htq": re.compile(r"\bHTQs?\b|\bhigher technical qualifications?\b", re.IGNORECASE),
    "bootcamp": re.compile(r"\b(?:skills\s+)?boot[\s-]?camps?\b", re.IGNORECASE),
    "tlevel": re.compile(r"\bT[\s-]?levels?\b", re.IGNORECASE),
    "apprentice": re.compile(r"\bapprentice(?:ship)?s?\b", re.IGNORECASE),
    "laboratory": re.compile(r"\blabs?\b|\blaborator(?:y|ies)\b", re.IGNORECASE),
    "send": re.compile(r"\bSEND\b|\bspecial educational needs\b"),
    "nhs": re.compile(r"\bNHS\b|\bnational health service\b", re.IGNORECASE),
}
# In a query people type acronyms in lower case too.
QUERY_CONCEPTS = {**CONCEPTS, "send": re.compile(r"\bsend\b|\bspecial educational needs\b", re.IGNORECASE)}


def stored_version(version: str) -> str:
    """A listing's version as the index stores it: with the analysis its terms were made by."""
    return f"{version}@{ANALYSIS}"


def listing_version(stored: str) -> str:
    """The listing version of a stored document, or "" when another analysis (an older stemmer) indexed it, so
    reconcile sees the document as stale and re-indexes it."""
    version, _, analysis = stored.rpartition("@")
    return version if analysis == ANALYSIS else ""


class Words(fields.FieldType):
    """Stemmed words, recording only which documents contain each (no frequencies, positions or lengths).

    Ranking is done from bitsets (see ranking.py), so Whoosh's scoring statistics would be paid for at every
    build and never used; leaving them out, and analysing with `analyse`, more than halves indexing time.
    """

    def __init__(self, analyzer=ANALYZER, fast: bool = True):
        super().__init__(formats.Existence(), analyzer=analyzer, scorable=False, stored=False)
        self.fast = fast

    def index(self, value, **kwargs):
        if not self.fast:
            yield from super().index(value, **kwargs)
            return
        for term in set(analyse(value)):
            yield term.encode("utf-8"), 1, 1.0, b""


def make_schema() -> fields.Schema:
    facets = {name: fields.KEYWORD(scorable=False) for name in FACET_FIELDS if name != "place"}
    return fields.Schema(
        id=fields.ID(unique=True),
        id_column=fields.COLUMN(columns.VarBytesColumn()),
        version=fields.COLUMN(columns.VarBytesColumn()),
        head=Words(),
        text=Words(),
        concepts=fields.KEYWORD(scorable=False),
        head_concepts=fields.KEYWORD(scorable=False),
        spelling=Words(SPELLING_ANALYZER, fast=False),
        title_key=fields.COLUMN(columns.VarBytesColumn()),
        published_key=fields.COLUMN(columns.VarBytesColumn()),
        start_key=fields.COLUMN(columns.VarBytesColumn()),
        card=fields.STORED(),
        place=fields.KEYWORD(scorable=False, commas=True, lowercase=True),
        venues=fields.COLUMN(columns.VarBytesColumn()),
        **facets,
    )


def concepts_in(text: str) -> list[str]:
    return [code for code, pattern in CONCEPTS.items() if pattern.search(text)]


def _labels(codes, vocabulary) -> str:
    return " ".join(vocabulary.label_for(code) for code in codes)


def to_fields(listing_id: int, version: str, doc: dict) -> dict:
    """A plain listing document (made by the listings side: docs/search.md) as the keyword arguments of add_document."""
    # Only the labels people type as keywords (type and sector); levels and audiences are facets, not words.
    labels = taxonomy.PROVISION_TYPES.label_for(doc["type"]) + " " + _labels(doc.get("topic", []), taxonomy.TOPICS)
    body = doc.get("description", "") + "\n" + doc.get("extra", "")
    head = doc["title"] + "\n" + doc.get("provider", "")
    facets = {name: " ".join(doc.get(name, [])) for name in taxonomy.LISTING_FACETS if name not in ("type", "section")}
    return dict(
        id=str(listing_id),
        id_column=str(listing_id).encode(),
        version=stored_version(version).encode(),
        head=head,
        text="\n".join([doc.get("summary", ""), labels, " ".join(doc.get("places", [])), body]),
        concepts=" ".join(concepts_in(" ".join([head, doc.get("summary", ""), labels, body]))),
        head_concepts=" ".join(concepts_in(head)),
        spelling=head,
        title_key=doc["title"].casefold().encode(),
        published_key=(doc.get("published") or "").encode(),
        start_key=_start_key(doc).encode(),
        card=card(listing_id, doc),
        type=doc["type"],
        section=doc["section"],
        partners="1" if doc.get("partners") else "0",
        kind=doc.get("kind") or "provision",
        availability=doc.get("availability") or "open",
        place=",".join(place_keys(doc.get("places", []))),
        venues=encode_points(venue_points(doc)),
        starts=" ".join([*doc.get("starts", []), *(["rolling"] if doc.get("rolling") else [])]),
        **facets,
    )


def place_keys(places: list[str]) -> list[str]:
    """A listing's places as lower-case keys, plus any known place named inside one ("Liverpool City Region"
    is also "liverpool"), so a search for a place finds listings there."""
    keys = []
    for name in places:
        name = " ".join(name.replace(",", " ").split()).lower()
        located = locate(name, strict=False) if name else None
        keys += [key for key in (name, located.place if located else None) if key and key not in keys]
    return keys


def venue_points(doc: dict) -> list[tuple[float, float]]:
    """The (latitude, longitude) of each of a document's venues that has coordinates."""
    return [
        (float(v["latitude"]), float(v["longitude"]))
        for v in doc.get("venues", [])
        if v.get("latitude") is not None and v.get("longitude") is not None
    ]


def encode_points(points: list[tuple[float, float]]) -> bytes:
    return ";".join(f"{lat:.5f},{lon:.5f}" for lat, lon in points).encode()


def decode_points(value: bytes) -> tuple[tuple[float, float], ...] | None:
    if not value:
        return None
    return tuple((float(lat), float(lon)) for lat, lon in (pair.split(",") for pair in value.decode().split(";")))


def _start_key(doc: dict) -> str:
    """Soonest first: rolling starts are 'any time', then dated starts, then listings with no date at the end."""
    if doc.get("rolling"):
        return "0"
    return "1" + doc["start"] if doc.get("start") else "2"


def card(listing_id: int, doc: dict) -> dict:
    """What a result shows, stored so the search page needs no database query."""
    return {
        "id": listing_id,
        "slug": doc["slug"],
        "title": doc["title"],
        "summary": doc.get("summary", ""),
        "excerpt": doc.get("description", "")[:EXCERPT_CHARS],
        "provider": doc.get("provider", ""),
        "provider_slug": doc.get("provider_slug", ""),
        "type": doc["type"],
        "regions": list(doc.get("region", [])),
        "availability": doc.get("availability", "open"),
        "partners": bool(doc.get("partners")),
        "kind": doc.get("kind") or "provision",
        "venues": [{"name": v.get("name", ""), "postcode": v.get("postcode", "")} for v in doc.get("venues", [])],
        "rolling": bool(doc.get("rolling")),
        "starts": list(doc.get("starts", [])),
    }
