"""'Did you mean': corrections for words the index has never seen, from the index's own words.

A symmetric-delete dictionary (each known word filed under itself and every one-letter deletion of it) finds words
within about two edits with a handful of dictionary look-ups, instead of comparing against every word.
"""
from __future__ import annotations

import re

from directory import taxonomy

# Words people search for that may appear only in descriptions, plus every word of the vocabulary.
SECTOR_WORDS = """apprenticeship apprenticeships apprentice biotechnology bioinformatics laboratory technician
pharmaceutical pharmaceuticals pharmacy genomics diagnostics manufacturing bootcamp scientist science chemistry
biology biomedical clinical healthcare engineering regulatory microbiology analyst qualification training course
placement internship graduate employment research""".split()
WORD = re.compile(r"[a-z]+")


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


class Speller:
    def __init__(self, frequencies: dict[str, int]):
        for term in taxonomy.ALL_VOCABULARIES:
            for item in term:
                for word in WORD.findall(item.label.lower()):
                    frequencies.setdefault(word, 1)
        for word in SECTOR_WORDS:
            frequencies.setdefault(word, 1)
        self.frequencies = {word: n for word, n in frequencies.items() if len(word) >= 4 and word.isalpha()}
        self.filed: dict[str, list[str]] = {}
        for word in self.frequencies:
            for key in {word} | _deletes(word):
                self.filed.setdefault(key, []).append(word)

    def knows(self, word: str) -> bool:
        return word in self.frequencies

    def correct(self, word: str) -> str | None:
        """The most frequent known word within about two edits of `word`, or None."""
        candidates: set[str] = set()
        for key in {word} | _deletes(word):
            candidates.update(self.filed.get(key, ()))
        candidates.discard(word)
        candidates = {c for c in candidates if abs(len(c) - len(word)) <= 2}
        if not candidates:
            return None
        return max(candidates, key=lambda c: (self.frequencies[c], c[:1] == word[:1], c))
