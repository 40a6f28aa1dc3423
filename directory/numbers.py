"""Whole numbers from untrusted text (query strings, form fields), with one rule for every page and form.

str.isdigit() is not enough: it accepts "²" and other Unicode digits that int() refuses, and a long run of
digits overflows the database's integer columns.
"""

from __future__ import annotations

import re

_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
MAX_ID = 2_147_483_647  # PostgreSQL's integer; ids above it cannot exist and would fail to bind


def whole_number(value, low: int = 0, high: int = MAX_ID) -> int | None:
    """The value as an int when it is ASCII digits within [low, high], else None."""
    if not isinstance(value, str) or not _WHOLE_NUMBER.fullmatch(value.strip()):
        return None
    number = int(value)
    return number if low <= number <= high else None


def page_number(value, last: int = 99_999) -> int:
    """A page number from a query string: 1 when missing or malformed."""
    return whole_number(value, 1, last) or 1
