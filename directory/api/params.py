"""The API's query parameters: an allowlist per endpoint, each value checked, anything else a 400.

`parse(args, allowed)` returns a plain dict of clean values; a bad or unknown parameter raises `BadParameter`,
which the views answer with a JSON 400 naming the parameter.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

from directory import public_ids as ids
from directory.forms import text_problem, tidy_text
from directory.numbers import MAX_ID, whole_number

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_PAGE = 1_000_000
MAX_PROXIMITY = 1_500_000  # metres: the length of the UK
MAX_CURSOR = 1_000
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?( ?[0-9][A-Z]{2})?$")


class BadParameter(BadRequest):
    def __init__(self, name: str, message: str):
        super().__init__(description=message)
        self.parameter = name


def _integer(name: str, value: str, low: int, high: int) -> int:
    number = whole_number(value, low, high)
    if number is None:
        raise BadParameter(name, f"{name} must be a whole number from {low} to {high}")
    return number


def _boolean(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered not in ("true", "false"):
        raise BadParameter(name, f"{name} must be true or false")
    return lowered == "true"


def _datetime(name: str, value: str) -> datetime:
    """An ISO 8601 date or date-time; with a timezone it is converted to UTC, without one it is taken as UTC."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise BadParameter(
            name, f"{name} must be a date or date-time such as 2026-01-31 or 2026-01-31T09:00:00Z"
        ) from None
    if parsed.tzinfo is not None:
        try:
            parsed = parsed.astimezone(UTC).replace(tzinfo=None)
        except OverflowError:  # within a day of year 1 or 9999: the naive value is as good
            parsed = parsed.replace(tzinfo=None)
    return parsed


def _uuid(name: str, value: str) -> str:
    if not ids.is_uuid(value.strip()):
        raise BadParameter(name, f"{name} must be a UUID")
    return value.strip().lower()


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: after the item with this sort key and id; `page` is that page's number."""

    key: str
    id: int
    page: int

    def encode(self) -> str:
        raw = json.dumps([self.key, self.id, self.page], ensure_ascii=False, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _cursor(name: str, value: str) -> Cursor:
    """A cursor from a previous page's `Link: rel="next"` header; anything else is a 400, never a 500."""
    problem = BadParameter(name, f"{name} must be the cursor from a previous page's Link header")
    if len(value) > MAX_CURSOR:
        raise problem
    try:
        key, item_id, page = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise problem from None
    if not (
        isinstance(key, str)
        and type(item_id) is int
        and type(page) is int
        and 0 < item_id <= MAX_ID
        and 1 < page <= MAX_PAGE
        and len(key) <= 300
        and "\x00" not in key
    ):
        raise problem
    return Cursor(key, item_id, page)


def _text(name: str, value: str) -> str:
    """The site's one text policy (directory.forms) for a search query: too long is refused (400); otherwise it is
    tidied and any character a form would refuse is dropped, so every string the OpenAPI document allows is answered
    and none of those characters reaches the engine."""
    if len(value) > 200:
        raise BadParameter(name, f"{name} must be text of at most 200 characters")
    return "".join(char for char in tidy_text(value, one_line=True) if not text_problem(char, name, one_line=True))


def _format(name: str, value: str) -> str:
    if value not in ("json", "ndjson"):
        raise BadParameter(name, "format must be json or ndjson")
    return value


def _postcode(name: str, value: str) -> str:
    postcode = " ".join(value.upper().split())
    if not _POSTCODE.match(postcode):
        raise BadParameter(name, "postcode must be a UK postcode or postcode district, such as SW1A 1AA or SW1A")
    return postcode


CHECKS = {
    "page": lambda n, v: _integer(n, v, 1, MAX_PAGE),
    "after": _cursor,
    "per_page": lambda n, v: _integer(n, v, 1, MAX_PER_PAGE),
    "search": _text,
    "format": _format,
    "taxonomy_term_id": _uuid,
    "taxonomy_id": _uuid,
    "organization_id": _uuid,
    "parent_id": _uuid,
    "modified_after": _datetime,
    "minimal": _boolean,
    "full": _boolean,
    "full_service": _boolean,
    "top_only": _boolean,
    "postcode": _postcode,
    "proximity": lambda n, v: _integer(n, v, 1, MAX_PROXIMITY),
}

PAGED = ("page", "per_page", "format")
KEYSET = ("after",)  # lists in a stable order with an indexed key also page by cursor
SERVICE_FILTERS = ("search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after")
ENDPOINT_PARAMETERS = {
    "services": PAGED + KEYSET + SERVICE_FILTERS + ("minimal", "full", "postcode", "proximity"),
    "service_at_locations": PAGED + SERVICE_FILTERS + ("full", "postcode", "proximity"),
    "organizations": PAGED + KEYSET + ("search", "full", "full_service"),
    "organization": ("full_service",),
    "taxonomies": (*PAGED, "search"),
    "taxonomy_terms": (*PAGED, "search", "taxonomy_id", "top_only", "parent_id"),
    "none": (),
}


def parse(args: MultiDict, endpoint: str) -> dict:
    """Clean query parameters for an endpoint: {name: value} for those given, defaults for paging."""
    allowed = ENDPOINT_PARAMETERS[endpoint]
    values: dict = {}
    for name in args:
        if name not in allowed:
            listed = ", ".join(allowed) or "none"
            raise BadParameter(name, f"Unknown parameter {name!r}; this endpoint accepts: {listed}")
        given = args.getlist(name)
        if len(given) > 1:
            raise BadParameter(name, f"Give {name} only once")
        values[name] = CHECKS[name](name, given[0])
    if "after" in values and "page" in values:
        raise BadParameter("after", "Give page or after, not both")
    if "proximity" in values and "postcode" not in values:
        raise BadParameter("proximity", "proximity needs a postcode to measure from")
    if "page" in allowed:
        values.setdefault("page", 1)
        values.setdefault("per_page", DEFAULT_PER_PAGE)
        values.setdefault("format", "json")
    return values
