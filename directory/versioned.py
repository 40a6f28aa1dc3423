"""Values worth computing once per version of the data rather than once per request (counts, the /providers
catalogue, sitemap files), kept per process.

The version is whatever the caller says changes when the value would (the search index's version, for things
derived from published listings); `max_age` bounds how long a value lives even if the version never moves, as a
safety net for changes that do not reach the index.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class PerVersion:
    def __init__(self, max_age: float = 300.0, size: int = 256):
        self.max_age = max_age
        self.size = size
        self._values: OrderedDict[Hashable, tuple[Hashable, float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, version: Hashable, build: Callable[[], Any]) -> Any:
        """The value for `key` at `version`, built (outside the lock) when missing, older or too old."""
        now = time.monotonic()
        with self._lock:
            held = self._values.get(key)
            if held is not None and held[0] == version and now - held[1] < self.max_age:
                self._values.move_to_end(key)
                return held[2]
        value = build()
        with self._lock:
            self._values[key] = (version, now, value)
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
