"""Help when the words as typed look misspelt or find nothing, checked against the index before it is offered.

- A word of MIN_LETTERS or more that the index has never seen, and that is not a known word (vocabulary, sector
  word, phrase or place name), is corrected to a known word one or two edits away.
- A correction is offered only when it finds more listings than the words as typed: never "reading" -> "leading".
- When the words as typed find nothing, the corrected query is searched at once (the page says "Showing results
  for ..." with a link to search instead for the original, which passes exact=True). Failing a correction, a place
  name that is also an everyday word ("reading") is tried as the place.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from directory.search.engine import WARMERS, Snapshot
from directory.search.query import stems
from directory.search.spelling import Speller

MIN_LETTERS = 5
MAX_LETTERS = 30
CANDIDATES = 3      # corrections tried per word, nearest and most frequent first


def speller(snap: Snapshot) -> Speller:
    """The snapshot's speller, built once from the words in its titles and providers' names."""
    if snap.speller is None:
        words = {}
        for term, info in snap.searcher.reader().iter_field("spelling"):
            word = term.decode("utf-8") if isinstance(term, bytes) else term
            words[word] = info.doc_frequency()
        snap.speller = Speller(words)
    return snap.speller


WARMERS.append(speller)


@dataclass
class Resolved:
    chosen: object                    # the selection whose results are shown (service._Selection)
    suggestion: str | None            # "did you mean" text
    corrected_from: str | None        # the text as typed, when the results shown are for the corrected text


def _count(selection) -> int:
    return selection.final.bit_count()


def _replace(text: str, word: str, replacement: str) -> str:
    return re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", replacement, text, count=1)


def _unknown(snap: Snapshot, word: str) -> bool:
    """A word to correct: long enough, not in the index (checked first: no speller needed) and not a known word."""
    lower = word.lower()
    if not (MIN_LETTERS <= len(lower) <= MAX_LETTERS and lower.isalpha()):
        return False
    terms = stems(lower)
    if not terms or snap.term_bits("text", terms[0]) or snap.term_bits("head", terms[0]):
        return False
    return not speller(snap).knows(lower)


def suggest(snap: Snapshot, chosen, select: Callable) -> str | None:
    """The query text with its unknown words corrected, when that finds more than the text as typed."""
    text, best = chosen.parsed.text, _count(chosen)
    original = best
    for word in chosen.parsed.words:
        if not _unknown(snap, word):
            continue
        for candidate in speller(snap).candidates(word.lower(), CANDIDATES):
            attempt = _replace(text, word, candidate)
            found = _count(select(attempt))
            if found > best:
                text, best = attempt, found
                break
    return text if best > original else None


def resolve(snap: Snapshot, select: Callable, query: str | None, exact: bool = False) -> Resolved:
    """The selection to show for `query`; select(text, lenient=False) makes a selection from text."""
    chosen = select(query)
    suggestion = suggest(snap, chosen, select) if chosen.parsed.words else None
    if _count(chosen) or exact:
        return Resolved(chosen, suggestion, None)
    if suggestion:
        return Resolved(select(suggestion), None, chosen.parsed.text)
    if chosen.parsed.location is None:
        as_place = select(query, lenient=True)
        if as_place.parsed.location is not None and _count(as_place):
            return Resolved(as_place, None, None)
    return Resolved(chosen, None, None)
