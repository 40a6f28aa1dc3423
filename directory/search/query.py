"""Turn what a person typed into clauses to match, safely: no query syntax is ever interpreted.

Text is cleaned and capped, a postcode or place name becomes a region, phrases people use for the same thing
("HTQ", "Higher Technical Qualification") become a concept, and every other word becomes a stemmed term. A listing
matches when it matches every clause (in its title, provider, summary, description, labels or places).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from directory.search.places import Location, locate
from directory.search.schema import QUERY_CONCEPTS, analyse

MAX_QUERY_CHARS = 200
MAX_WORDS = 12
WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True)
class Clause:
    """One thing the query asks for: a word (its stems, all required), or a concept with its phrase's stems."""

    stems: tuple[str, ...]
    concept: str | None = None


@dataclass
class ParsedQuery:
    text: str                         # the cleaned text as searched (location included)
    keywords: str                     # the text without the location
    clauses: list[Clause] = field(default_factory=list)
    words: list[str] = field(default_factory=list)       # plain words (not concepts), for did-you-mean
    concepts: list[str] = field(default_factory=list)
    stems: set[str] = field(default_factory=set)         # analysed terms, for highlighting
    location: Location | None = None
    place_unknown: bool = False


def clean(text: str | None) -> str:
    """Printable characters only, whitespace collapsed, at most MAX_QUERY_CHARS."""
    if not text:
        return ""
    text = "".join(ch if unicodedata.category(ch)[0] not in "CZ" else " " for ch in str(text)[:MAX_QUERY_CHARS * 4])
    return " ".join(text.split())[:MAX_QUERY_CHARS].strip()


def stems(word: str) -> tuple[str, ...]:
    return tuple(analyse(word))


def parse(text: str | None, place: str | None = None) -> ParsedQuery:
    text = clean(text)
    place = clean(place)
    parsed = ParsedQuery(text=text, keywords=text)
    remaining = text
    if place:
        parsed.location = locate(place, strict=False)
        parsed.place_unknown = parsed.location is None
    if parsed.location is None:
        parsed.location = locate(text)
        if parsed.location is not None:
            remaining = parsed.location.remainder
    parsed.keywords = remaining
    for code, pattern in QUERY_CONCEPTS.items():
        match = pattern.search(remaining)
        if match is None:
            continue
        phrase = tuple(t for word in WORD.findall(match.group(0)) for t in stems(word))
        parsed.concepts.append(code)
        parsed.stems.update(phrase)
        parsed.clauses.append(Clause(phrase, code))
        remaining = remaining[:match.start()] + " " + remaining[match.end():]
    for word in WORD.findall(remaining)[:MAX_WORDS]:
        terms = stems(word)
        if not terms:
            continue  # a stop word such as "the"
        parsed.words.append(word)
        parsed.stems.update(terms)
        parsed.clauses.append(Clause(terms))
    return parsed
