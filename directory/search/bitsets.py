"""Sets of document numbers as Python ints: bit n is set when document n is in the set.

AND/OR of two sets and counting members (`int.bit_count`) run in C over whole machine words, which is what makes
facet counting at 100,000 documents take well under a millisecond.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_ONE = re.compile("1")


def from_docnums(docnums: Iterable[int], size: int) -> int:
    buffer = bytearray((size >> 3) + 1)
    for docnum in docnums:
        buffer[docnum >> 3] |= 1 << (docnum & 7)
    return int.from_bytes(buffer, "little")


def all_of(size: int) -> int:
    return (1 << size) - 1


def docnums(bits: int) -> list[int]:
    """The members in ascending order."""
    reversed_binary = bin(bits)[:1:-1]
    return [match.start() for match in _ONE.finditer(reversed_binary)]


class Membership:
    """Constant-time `docnum in bits` for one set (shifting a big int costs time proportional to its size)."""

    __slots__ = ("_bytes",)

    def __init__(self, bits: int):
        self._bytes = bits.to_bytes((bits.bit_length() >> 3) + 1, "little")

    def __contains__(self, docnum: int) -> bool:
        index = docnum >> 3
        return index < len(self._bytes) and (self._bytes[index] >> (docnum & 7)) & 1 == 1


def intersection(parts: list[int]) -> int:
    """The members of every set in `parts` (at least one)."""
    result = parts[0]
    for part in parts[1:]:
        result &= part
    return result
