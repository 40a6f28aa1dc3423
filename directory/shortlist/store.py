"""The shortlist's storage: up to LIMIT listing ids in a signed cookie of its own, kept KEEP_DAYS days.

A cookie apart from the session, on purpose: the session cookie ends when the browser closes and is cleared on
sign-out (directory/accounts/sessions.py), while a shortlist is not account data and should outlive both. Each
change rewrites the cookie with a fresh 90-day expiry. The cookie is signed with SECRET_KEY, so a hand-edited one
reads as an empty shortlist rather than as ids nobody chose.
"""

from __future__ import annotations

import re

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

from directory.numbers import MAX_ID

COOKIE = "shortlist"
LIMIT = 50
KEEP_DAYS = 90
_SALT = "shortlist"
_READ = "directory.shortlist"  # this request's list, kept in the WSGI environ (g can outlive a request in tests)
_ID_LIST = re.compile(r"^[0-9]{1,10}(?:,[0-9]{1,10}){0,199}$")


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def clean_ids(values) -> list[int]:
    """Whole numbers within the id range, each once, in the order given; anything else is dropped."""
    ids: list[int] = []
    for value in values if isinstance(values, list) else []:
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID and value not in ids:
            ids.append(value)
    return ids


def parse_id_list(texts: list[str]) -> list[int] | None:
    """Ids from a URL: `ids=3,5` and/or `ids=3&ids=5`. None when any part is not a listing number."""
    ids: list[int] = []
    for text in texts:
        text = (text or "").replace(" ", "")
        if not _ID_LIST.match(text):
            return None
        for part in text.split(","):
            number = int(part)
            if not 0 < number <= MAX_ID:
                return None
            if number not in ids:
                ids.append(number)
    return ids


def current() -> list[int]:
    """This request's shortlist (read once per request)."""
    if _READ not in request.environ:
        ids: list[int] = []
        raw = request.cookies.get(COOKIE)
        if raw:
            try:
                ids = clean_ids(_serializer().loads(raw))[:LIMIT]
            except BadSignature:
                ids = []
        request.environ[_READ] = ids
    return request.environ[_READ]


def contains(listing_id: int) -> bool:
    return listing_id in current()


def added(ids: list[int], listing_id: int) -> tuple[list[int], str]:
    """(the new list, what happened: "added", "already" or "full")."""
    if listing_id in ids:
        return ids, "already"
    if len(ids) >= LIMIT:
        return ids, "full"
    return [*ids, listing_id], "added"


def removed(ids: list[int], listing_id: int) -> list[int]:
    return [i for i in ids if i != listing_id]


def save(response, ids: list[int]) -> None:
    """Write the shortlist to the response's cookie (deleting the cookie when the list is empty)."""
    request.environ[_READ] = ids
    config = current_app.config
    if not ids:
        response.delete_cookie(COOKIE, samesite="Lax", secure=config.get("SESSION_COOKIE_SECURE", False), httponly=True)
        return
    response.set_cookie(
        COOKIE,
        _serializer().dumps(ids),
        max_age=KEEP_DAYS * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=config.get("SESSION_COOKIE_SECURE", False),
    )
