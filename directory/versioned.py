"""Values worth computing once per version of the data rather than once per request (counts, the /providers
catalogue, sitemap files), kept per process.

The version is whatever the caller says changes when the value would (the search index's version, for things
derived from published listings); `max_age` bounds how long a value lives even if the version never moves, as a
safety net for changes that do not reach the index.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

log = logging.getLogger(__name__)

FLIGHT_WAIT_SECONDS = 30.0  # how long a thread waits for another thread building the same value


class PerVersion:
    def __init__(self, max_age: float = 300.0, size: int = 256):
        self.max_age = max_age
        self.size = size
        self._values: OrderedDict[Hashable, tuple[Hashable, float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._building: set[Hashable] = set()
        self._flights: dict[tuple[Hashable, Hashable], threading.Event] = {}

    def get(self, key: Hashable, version: Hashable, build: Callable[[], Any], stale_ok: bool = False) -> Any:
        """The value for `key` at `version`, built (outside the lock) when missing, older or too old.

        With stale_ok, an older value is returned at once while one background thread builds the new one, so no
        request waits for a slow build once there is something to show (the first build still runs in place).
        Threads asking for the same key and version at once share one build: at 100,000 listings each copy of the
        /providers catalogue is about 50 MB, and four gthread threads building it together held four."""
        now = time.monotonic()
        with self._lock:
            held = self._values.get(key)
            if held is not None and held[0] == version and now - held[1] < self.max_age:
                self._values.move_to_end(key)
                return held[2]
            if held is not None and stale_ok:
                if key not in self._building:
                    self._building.add(key)
                    threading.Thread(
                        target=self._build_in_background,
                        args=(key, version, build),
                        name="versioned-build",
                        daemon=True,
                    ).start()
                return held[2]
            flight, leading = self._flights.get((key, version)), False
            if flight is None:
                flight, leading = self._flights.setdefault((key, version), threading.Event()), True
        if not leading:  # another thread of this process is building the same value: one copy, not one per thread
            flight.wait(FLIGHT_WAIT_SECONDS)
            with self._lock:
                held = self._values.get(key)
            if held is not None and held[0] == version:
                return held[2]
            return build()  # the builder failed or is very slow: this request builds its own
        try:
            value = build()
            self._store(key, version, now, value)
            return value
        finally:
            with self._lock:
                self._flights.pop((key, version), None)
            flight.set()

    def _build_in_background(self, key: Hashable, version: Hashable, build: Callable[[], Any]) -> None:
        try:
            started = time.monotonic()
            self._store(key, version, started, build())
        except Exception:  # keep serving the older value; the next request tries again
            log.exception("Building %s in the background failed", key)
        finally:
            with self._lock:
                self._building.discard(key)

    def _store(self, key: Hashable, version: Hashable, made: float, value: Any) -> None:
        with self._lock:
            self._values[key] = (version, made, value)
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
