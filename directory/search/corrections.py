"""Help when the words as typed look misspelt or find nothing, checked against the index before it is offered.

- A word of MIN_LETTERS or more that the index has never seen, and that is not a known word (vocabulary, sector
  word, phrase or place name), is corrected to a known word one or two edits away.
- A correction is offered only when it finds more listings than the words as typed: never "reading" -> "leading".
- When the words as typed find nothing, the corrected query is searched at once (the page says "Showing results
  for ..." with a link to search instead for the original, which passes exact=True). Failing a correction, a place
  name that is also an everyday word ("reading") is tried as the place.

The speller for each version of the index is built once, by the process that committed that version, and stored
beside it (`spelling-<version>.json` in the generation directory); every worker loads it instead of reading the
index's words and filing them again. A worker builds (and stores) it itself only when no file appears in time.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from directory.search.query import stems
from directory.search.snapshot import WARMERS, Snapshot
from directory.search.spelling import Speller
from directory.search.writing import AFTER_COMMIT

log = logging.getLogger(__name__)

MIN_LETTERS = 5
MAX_LETTERS = 30
CANDIDATES = 3  # corrections tried per word, nearest and most frequent first
STORED_WAIT_SECONDS = 1.0  # how long a worker's refresher waits for the writer's file before building its own
KEEP_VERSIONS = 5  # stored spellers kept per generation directory (workers may still be loading older ones)
SPELLING_FILE = re.compile(r"spelling-(\d+)\.json")


def _words(reader) -> dict[str, int]:
    words = {}
    for term, info in reader.iter_field("spelling"):
        word = term.decode("utf-8") if isinstance(term, bytes) else term
        words[word] = info.doc_frequency()
    return words


def _stored_path(directory, version: int) -> Path:
    return Path(directory) / f"spelling-{version}.json"


_segment_words: dict[tuple[str, str], dict[str, int]] = {}  # a writer's words per immutable segment
_segment_words_lock = threading.Lock()


def _words_by_segment(directory: Path, reader) -> dict[str, int]:
    """The index's words and their document counts, summed over its segments; a segment's words are read once per
    process (a single-listing commit adds one small segment), the same counts iter_field gives for the index."""
    words: dict[str, int] = {}
    with _segment_words_lock:
        seen = set()
        for leaf, _ in reader.leaf_readers():
            if leaf.segment() is None:
                continue
            key = (str(directory), leaf.segment().segment_id())
            seen.add(key)
            if key not in _segment_words:
                _segment_words[key] = _words(leaf)
            for word, count in _segment_words[key].items():
                words[word] = words.get(word, 0) + count
        for key in [key for key in _segment_words if key not in seen]:
            del _segment_words[key]  # merged away, or another generation's
    return words


def store_speller(directory: Path, ix) -> None:
    """After a commit: build the new version's speller from its words and store it beside the index."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        _save(Speller(_words_by_segment(directory, reader)), directory, reader.generation())


def _save(built: Speller, directory, version: int) -> None:
    path = _stored_path(directory, version)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")  # threads of one worker too
    temporary.write_text(json.dumps(built.to_stored()))
    os.replace(temporary, path)
    stored = sorted((int(m.group(1)), name) for name in os.listdir(directory) if (m := SPELLING_FILE.fullmatch(name)))
    for _, name in stored[:-KEEP_VERSIONS]:
        with contextlib.suppress(OSError):  # another writer may have removed it first
            os.remove(Path(directory) / name)


def _load(path: Path) -> Speller | None:
    try:
        return Speller.from_stored(json.loads(path.read_text()))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def speller(snap: Snapshot, wait: float = 0.0) -> Speller:
    """The snapshot's speller: the one stored with its version; failing that, built from its words (and stored)."""
    if snap.speller is None:
        directory, version = snap.generation
        path = _stored_path(directory, version)
        deadline = time.monotonic() + wait
        loaded = _load(path)
        while loaded is None and time.monotonic() < deadline:
            time.sleep(0.05)
            loaded = _load(path)
        if loaded is None:
            loaded = Speller(_words(snap.searcher.reader()))
            try:
                _save(loaded, directory, version)
            except OSError:  # a read-only or vanished directory: this worker keeps its own
                log.warning("Could not store the speller for %s", path)
        snap.speller = loaded
    return snap.speller


def warm_speller(snap: Snapshot) -> Speller:
    """The background refresher's call: give the writer a moment to store the new version's speller."""
    return speller(snap, wait=STORED_WAIT_SECONDS)


WARMERS.append(warm_speller)
AFTER_COMMIT.append(store_speller)


@dataclass
class Resolved:
    chosen: object  # the selection whose results are shown (service._Selection)
    suggestion: str | None  # "did you mean" text
    corrected_from: str | None  # the text as typed, when the results shown are for the corrected text


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
