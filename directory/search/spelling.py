"""'Did you mean': corrections for words the index has never seen, from the index's own words.

A symmetric-delete dictionary (each known word filed under itself and every word made by deleting one or two of
its letters) finds the known words within two edits of a word with a few hundred dictionary look-ups, instead of
comparing it with every word; each candidate's true distance is then checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from directory import taxonomy
from directory.phrases import PHRASES
from directory.search.places_data import PLACES

# Words people search for that may appear only in descriptions, plus every word of the vocabulary.
SECTOR_WORDS = [
    "apprenticeship",
    "apprenticeships",
    "apprentice",
    "biotechnology",
    "bioinformatics",
    "laboratory",
    "technician",
    "pharmaceutical",
    "pharmaceuticals",
    "pharmacy",
    "genomics",
    "diagnostics",
    "manufacturing",
    "bootcamp",
    "scientist",
    "science",
    "chemistry",
    "biology",
    "biomedical",
    "clinical",
    "healthcare",
    "engineering",
    "regulatory",
    "microbiology",
    "analyst",
    "qualification",
    "training",
    "course",
    "placement",
    "internship",
    "graduate",
    "employment",
    "research",
]
WORD = re.compile(r"[a-z]+")
MIN_KNOWN = 4  # shorter words are neither corrected nor offered as corrections
MAX_EDITS = 2


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _within_two_deletes(word: str) -> set[str]:
    once = _deletes(word)
    return {word} | once | {twice for shorter in once for twice in _deletes(shorter)}


def edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) between a and b (optimal string alignment)."""
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def known_words() -> set[str]:
    """Words that are right whatever the index holds: the vocabulary, sector words, phrases and place names."""
    words = set(SECTOR_WORDS)
    for vocabulary in taxonomy.ALL_VOCABULARIES:
        for term in vocabulary:
            words.update(WORD.findall(f"{term.label} {term.description}".lower()))
    for phrase in PHRASES:
        words.update(WORD.findall(" ".join(phrase.says + phrase.means)))
    for place in PLACES:
        words.update(WORD.findall(place))
    return words


def _usable(word: str) -> bool:
    return len(word) >= MIN_KNOWN and word.isalpha()


_KNOWN = frozenset(word for word in known_words() if _usable(word))


def _file(words: Iterable[str]) -> dict[str, list[str]]:
    filed: dict[str, list[str]] = {}
    for word in words:
        for key in _within_two_deletes(word):
            filed.setdefault(key, []).append(word)
    return filed


@lru_cache(maxsize=1)
def _known_filed() -> dict[str, list[str]]:
    """The known words filed once per process; each index version files only its own other words."""
    return _file(_KNOWN)


class Speller:
    def __init__(self, frequencies: dict[str, int]):
        self.frequencies = {word: n for word, n in frequencies.items() if _usable(word)}
        for word in _KNOWN:
            self.frequencies.setdefault(word, 1)
        self.filed = _file(word for word in self.frequencies if word not in _KNOWN)
        self.known_filed = _known_filed()

    def to_stored(self) -> dict:
        """Plain JSON data from which from_stored makes this speller again without filing any word."""
        return {"frequencies": self.frequencies, "filed": self.filed}

    @classmethod
    def from_stored(cls, data: dict) -> Speller:
        if not (
            isinstance(data, dict) and isinstance(data.get("frequencies"), dict) and isinstance(data.get("filed"), dict)
        ):
            raise ValueError("not a stored speller")
        speller = cls.__new__(cls)
        speller.frequencies, speller.filed = data["frequencies"], data["filed"]
        speller.known_filed = _known_filed()
        return speller

    def knows(self, word: str) -> bool:
        return word in self.frequencies

    def candidates(self, word: str, limit: int = 3) -> list[str]:
        """Known words one or two edits from `word`: nearest first, then the most frequent."""
        found: set[str] = set()
        for key in _within_two_deletes(word):
            found.update(self.filed.get(key, ()))
            found.update(self.known_filed.get(key, ()))
        found.discard(word)
        scored = [(edit_distance(word, c), c) for c in found if abs(len(c) - len(word)) <= MAX_EDITS]
        ranked = sorted((d, -self.frequencies[c], c[:1] != word[:1], c) for d, c in scored if d <= MAX_EDITS)
        return [candidate for *_, candidate in ranked[:limit]]

    def correct(self, word: str) -> str | None:
        """The best known word within two edits of `word`, or None."""
        return next(iter(self.candidates(word, 1)), None)
