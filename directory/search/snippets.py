"""Highlighted snippets: a short passage of a result's text with the words that matched marked.

A snippet is plain data, a list of (text, matched) pairs; the template marks the matched parts.
"""

from __future__ import annotations

import re
from functools import lru_cache

from directory.search.schema import QUERY_CONCEPTS, analyse

SNIPPET_CHARS = 220


@lru_cache(maxsize=512)
def _candidates(prefixes: frozenset[str]) -> re.Pattern:
    """Words starting like one of the query's stems: only these are worth stemming."""
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(prefixes))) + r")\w*", re.IGNORECASE)


def _matches(text: str, stems: set[str], concepts: list[str]) -> list[tuple[int, int]]:
    spans = []
    if stems:
        for match in _candidates(frozenset(stem[:3] for stem in stems)).finditer(text):
            if set(analyse(match.group(0))) & stems:
                spans.append(match.span())
    for code in concepts:
        spans.extend(match.span() for match in QUERY_CONCEPTS[code].finditer(text))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(texts: list[str], stems: set[str], concepts: list[str]) -> list[tuple[str, bool]]:
    """The first of `texts` that contains a match, cut to a window around the first match; else the first text."""
    for text in texts:
        if not text:
            continue
        spans = _matches(text, stems, concepts)
        if spans:
            return _window(text, spans)
    first = next((text for text in texts if text), "")
    return [(_shorten(first), False)] if first else []


def _shorten(text: str) -> str:
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text[:SNIPPET_CHARS].rsplit(" ", 1)[0]
    return cut + "…"


def _window(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    first = spans[0][0]
    start = 0 if first < SNIPPET_CHARS // 2 else text.rfind(" ", 0, first - 40) + 1
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    parts: list[tuple[str, bool]] = []
    position = start
    for span_start, span_end in spans:
        if span_start < position or span_start >= end:
            continue
        parts.append((text[position:span_start], False))
        parts.append((text[span_start : min(span_end, end)], True))
        position = min(span_end, end)
    parts.append((text[position:end], False))
    if start > 0:
        parts.insert(0, ("…", False))
    if end < len(text):
        parts.append(("…", False))
    return [(part, matched) for part, matched in parts if part]
