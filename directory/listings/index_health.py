"""Search index faults, noticed and answered honestly: a missing, emptied or unreadable index is detected (its
document count against the database, read errors caught), logged, answered at once with "search is being rebuilt"
(503 with Retry-After), and rebuilt from the database in a background thread while the rest of the site carries on.

Only one process rebuilds at a time (a file lock beside the index); the others keep answering 503 and look again
every RECHECK_SECONDS until the new index reads cleanly.
"""

from __future__ import annotations

import fcntl
import logging
import threading
import time
from dataclasses import dataclass

from flask import Flask, current_app, request
from werkzeug.exceptions import ServiceUnavailable

from directory.listings import documents, indexing

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
REBUILD_LOCK = ".rebuild.lock"  # beside the index: held by whichever process is rebuilding it
RECHECK_SECONDS = 2.0
# The pages that cannot answer without the index; every other page (listings, providers, forms) carries on. The
# API's lists use the index only for a `search`.
SEARCH_ENDPOINTS = frozenset(
    {"search.search", "search.providers", "api_docs.search_csv", "api_docs.search_json", "api_docs.search_atom"}
)
API_SEARCH_ENDPOINTS = frozenset({"api.services", "api.service_at_locations"})


def _uses_index() -> bool:
    if request.endpoint in API_SEARCH_ENDPOINTS:
        return bool(request.args.get("search"))
    return request.endpoint in SEARCH_ENDPOINTS


class SearchRebuilding(ServiceUnavailable):
    description = "Search is being rebuilt. Try again in a minute."

    def __init__(self):
        super().__init__(retry_after=RETRY_AFTER_SECONDS)


@dataclass
class Fault:
    reason: str
    since: float
    checked: float


_faults: dict[str, Fault] = {}  # by index directory: one per process in production, one per test app in tests
_state_lock = threading.Lock()


def _key() -> str:
    return str(indexing.current_index().root)


def probe(fresh: bool = True) -> tuple[int | None, str | None]:
    """(documents in the index, problem), comparing its count with the database's. `fresh` reads the files as
    they are now; without it the warm snapshot is counted (cheap enough for a load balancer's polling)."""
    index = indexing.current_index()
    try:
        if not index.exists():
            count = 0
        else:
            if fresh:
                index.invalidate()
            count = index.snapshot().live.bit_count()
    except Exception as error:  # any read error (Whoosh raises bare Exceptions for bad blocks) means corrupt
        return None, f"unreadable: {type(error).__name__}: {error}"
    if count == 0 and documents.searchable_count() > 0:
        return 0, "missing or empty while the database has searchable listings"
    return count, None


def guard() -> None:
    """Before a search page: answer 503 at once while the index is known to be broken, and notice a missing one."""
    if not _uses_index():
        return
    fault = _faults.get(_key())
    if fault is not None:
        if time.monotonic() - fault.checked < RECHECK_SECONDS:
            raise SearchRebuilding()
        _, problem = probe()
        if problem is not None:
            fault.checked = time.monotonic()
            start_rebuild(current_app._get_current_object())
            raise SearchRebuilding()
        log.warning("Search index healthy again after %.1fs (%s)", time.monotonic() - fault.since, fault.reason)
        _faults.pop(_key(), None)
        return
    if not current_app.config.get("SEARCH_INDEX_FAULT_CHECKS", True):
        return  # the test suite's factories add listings without indexing them
    if not indexing.current_index().exists() and documents.searchable_count() > 0:
        report("missing while the database has searchable listings")
        raise SearchRebuilding()


def failed_search(error: Exception) -> bool:
    """Called for an unexpected error on a search page: when the index no longer reads, report it (True)."""
    if not _uses_index():
        return False
    _, problem = probe()
    if problem is None:
        return False
    report(f"{problem} (raised {type(error).__name__} on {request.path})")
    return True


def report(reason: str) -> None:
    """Log the fault once, start answering 503, and start a rebuild."""
    with _state_lock:
        if _key() not in _faults:
            log.error("Search index fault: %s; answering 503 and rebuilding from the database", reason)
            now = time.monotonic()
            _faults[_key()] = Fault(reason=reason, since=now, checked=now)
    start_rebuild(current_app._get_current_object())


def rebuilding() -> bool:
    return _key() in _faults


def try_lock(path):
    """An open file holding an exclusive lock on `path` (created if missing), or None when another process (or
    another handle in this one) holds it. Closing the file, or the process ending, releases the lock."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "w")  # noqa: SIM115 (held open for as long as the lock is: the caller closes it)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


def start_rebuild(app: Flask) -> bool:
    """Rebuild in a daemon thread unless some process (this or another worker) already is; True if started."""
    handle = try_lock(indexing.current_index(app).root / REBUILD_LOCK)
    if handle is None:
        return False
    threading.Thread(target=_rebuild, args=(app, handle), name="search-index-rebuild", daemon=True).start()
    return True


def _rebuild(app: Flask, handle) -> None:
    started = time.monotonic()
    try:
        with app.app_context():
            count = indexing.rebuild()
        log.warning("Search index rebuilt after a fault: %s listings in %.1fs", count, time.monotonic() - started)
    except Exception:
        log.exception("Search index rebuild after a fault failed; `flask index rebuild` repairs it by hand")
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def answer_failed_search(error: Exception) -> SearchRebuilding | None:
    return SearchRebuilding() if failed_search(error) else None


def init_app(app: Flask) -> None:
    from directory.errors import answer_unexpected_with

    app.before_request(guard)
    answer_unexpected_with(app, answer_failed_search)
