"""Turn what a person typed into clauses to match, safely: no query syntax is ever interpreted.

Text is cleaned and capped, a postcode or place name becomes a region, everyday phrases (directory/phrases.py:
"lab tech", "school leaver", "free") become the words or facet values they mean, phrases people use for the same
thing ("HTQ", "Higher Technical Qualification") become a concept, and every other word becomes a stemmed term. A
listing matches when it matches every clause (in its title, provider, summary, description, labels or places).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from directory.phrases import PHRASES, Phrase, key
from directory.search.places import Location, locate
from directory.search.schema import QUERY_CONCEPTS, analyse

MAX_QUERY_CHARS = 200
MAX_WORDS = 12
WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True)
class Clause:
    """One thing the query asks for: a word (its stems, all required), a concept with its phrase's stems, or an
    everyday phrase's alternatives (options: a listing matches when it matches every clause of any one)."""

    stems: tuple[str, ...]
    concept: str | None = None
    options: tuple[tuple[Clause, ...], ...] = ()


@dataclass(frozen=True)
class Understood:
    """Facet values an everyday phrase asked for ("free": cost free or funded), and how to search without it."""

    said: str  # the phrase as the person typed it
    facets: dict[str, tuple[str, ...]]
    shown_as: str
    without: str  # the query text with the phrase taken out


@dataclass
class ParsedQuery:
    text: str  # the cleaned text as searched (location included)
    keywords: str  # the text without the location
    clauses: list[Clause] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # plain words (not concepts), for did-you-mean
    concepts: list[str] = field(default_factory=list)
    stems: set[str] = field(default_factory=set)  # analysed terms, for highlighting
    location: Location | None = None
    place_unknown: bool = False
    understood: list[Understood] = field(default_factory=list)


def _phrase_pattern() -> re.Pattern:
    """Every phrase as whole words, longest first, spaces and hyphens alike."""
    texts = sorted({key(said) for phrase in PHRASES for said in phrase.says}, key=lambda t: (-len(t.split()), -len(t)))
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(r"[\s-]+".join(map(re.escape, t.split())) for t in texts) + r")(?![\w-])",
        re.IGNORECASE,
    )


PHRASE_PATTERN = _phrase_pattern()
PHRASE_FOR = {key(said): phrase for phrase in PHRASES for said in phrase.says}


def clean(text: str | None) -> str:
    """Printable characters only, whitespace collapsed, at most MAX_QUERY_CHARS."""
    if not text:
        return ""
    text = "".join(ch if unicodedata.category(ch)[0] not in "CZ" else " " for ch in str(text)[: MAX_QUERY_CHARS * 4])
    return " ".join(text.split())[:MAX_QUERY_CHARS].strip()


def stems(word: str) -> tuple[str, ...]:
    return tuple(analyse(word))


def parse(text: str | None, place: str | None = None, *, lenient: bool = False) -> ParsedQuery:
    """What `text` asks for. With lenient, place names that are also everyday words ("reading") count as places
    even in lower case (a second attempt when the words as words found nothing)."""
    text = clean(text)
    place = clean(place)
    parsed = ParsedQuery(text=text, keywords=text)
    remaining = text
    if place:
        parsed.location = locate(place, strict=False)
        parsed.place_unknown = parsed.location is None
    if parsed.location is None:
        parsed.location = locate(text, strict=not lenient)
        if parsed.location is not None:
            remaining = parsed.location.remainder
    parsed.keywords = remaining
    remaining = _take_phrases(parsed, remaining)
    parsed.clauses.extend(_clauses(parsed, remaining, words=parsed.words))
    return parsed


def _take_phrases(parsed: ParsedQuery, remaining: str) -> str:
    """Everyday phrases become their clauses and facet values; returns the text left for words and concepts."""
    for match in reversed(list(PHRASE_PATTERN.finditer(remaining))):
        phrase: Phrase = PHRASE_FOR[key(match.group(0).lower())]
        if phrase.means:
            options = tuple(tuple(_clauses(parsed, option)) for option in phrase.means)
            parsed.clauses.append(Clause((), options=tuple(option for option in options if option)))
        if phrase.facets:
            without = re.compile(re.escape(match.group(0)), re.IGNORECASE).sub(" ", parsed.text, count=1)
            parsed.understood.insert(
                0, Understood(match.group(0), phrase.facets, phrase.shown_as, " ".join(without.split()))
            )
        remaining = remaining[: match.start()] + " " + remaining[match.end() :]
    return remaining


def _clauses(parsed: ParsedQuery, remaining: str, words: list[str] | None = None) -> list[Clause]:
    """Concepts, then each other word (its stems), from `remaining`; records stems for highlighting."""
    clauses = []
    for code, pattern in QUERY_CONCEPTS.items():
        match = pattern.search(remaining)
        if match is None:
            continue
        phrase = tuple(t for word in WORD.findall(match.group(0)) for t in stems(word))
        parsed.concepts.append(code)
        parsed.stems.update(phrase)
        clauses.append(Clause(phrase, code))
        remaining = remaining[: match.start()] + " " + remaining[match.end() :]
    for word in WORD.findall(remaining)[:MAX_WORDS]:
        terms = stems(word)
        if not terms:
            continue  # a stop word such as "the"
        if words is not None:
            words.append(word)
        parsed.stems.update(terms)
        clauses.append(Clause(terms))
    return clauses
