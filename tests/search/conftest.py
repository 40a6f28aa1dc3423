"""Search fixtures: small hand-made documents indexed without a database, and a reconcile helper for app tests."""

from __future__ import annotations

import sys
import threading

import pytest

from directory.search import SearchIndex


def doc(slug: str, title: str, **fields) -> dict:
    """A plain listing document with sensible defaults; pass only what the test is about."""
    values = {
        "slug": slug,
        "title": title,
        "summary": "",
        "description": "",
        "extra": "",
        "provider": "Test College",
        "provider_slug": "test-college",
        "places": [],
        "type": "short-course",
        "section": "job-focused-training",
        "region": ["london"],
        "level": ["level-3"],
        "audience": ["adults"],
        "delivery": ["in-person"],
        "cost": ["free"],
        "topic": ["stem-general"],
        "partners": False,
        "availability": "open",
        "published": "2026-01-01T00:00:00",
        "rolling": False,
        "start": "",
    }
    values.update(fields)
    return values


def build(path, documents: dict[int, dict]) -> SearchIndex:
    index = SearchIndex(path)
    index.rebuild([(listing_id, f"v{listing_id}", document) for listing_id, document in documents.items()])
    return index


@pytest.fixture
def reindex(app):
    """Bring the app's index in step with the database (factories write to the database directly)."""
    from directory.listings.indexing import reconcile

    return reconcile


def interleaved(work, threads: int = 8) -> list:
    """Run `work(k)` for k in range(threads) in as many threads, switching between them as often as the interpreter
    can, so their reads interleave; each returns what it found wrong (a list), and all of it comes back."""
    interval, found = sys.getswitchinterval(), [[] for _ in range(threads)]

    def run(k: int) -> None:
        found[k] = work(k)

    sys.setswitchinterval(1e-6)
    try:
        running = [threading.Thread(target=run, args=(k,)) for k in range(threads)]
        for thread in running:
            thread.start()
        for thread in running:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    return [item for items in found for item in items]
