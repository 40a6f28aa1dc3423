"""How index work shares the machine with the requests being served: builds at a lower CPU priority, the
interpreter lock handed to requests often while a web process builds in the background, and memory freed by a
replaced index version given back to the system.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache

BUILD_NICENESS = 10  # a full build gets about a tenth of the CPU that a web worker at niceness 0 competes for
# While a background thread of a web worker builds, a request thread that wants the interpreter lock back (after
# each read from a socket or the database, each log line written) waits until the builder has run this long: 5 ms
# by default (sys.getswitchinterval), which a request that gives the lock up 30 times paid 30 times over.
BUILDING_SWITCH_INTERVAL = 0.0002


def _this_thread() -> int:
    """Who setpriority should change: on Linux niceness belongs to each thread (and is inherited by processes it
    starts), so only the building thread is lowered; elsewhere it is the whole process (0)."""
    return threading.get_native_id() if sys.platform.startswith("linux") else 0


@contextmanager
def lowered_priority(niceness: int = BUILD_NICENESS) -> Iterator[None]:
    """Run the enclosed work, and any writer process it starts, at `niceness` (unless already lower), then put
    the priority back where the system allows it (an unprivileged process may not raise it again; a command or
    a rebuild thread ends soon after anyway)."""
    who = _this_thread()
    try:
        before = os.getpriority(os.PRIO_PROCESS, who)
        os.setpriority(os.PRIO_PROCESS, who, max(before, niceness))
    except (AttributeError, OSError):  # no priorities here (not POSIX) or not allowed: build as we are
        before = None
    try:
        yield
    finally:
        if before is not None:
            with suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, who, before)


_switching = threading.Lock()
_builders = 0
_usual_interval: float | None = None


@contextmanager
def requests_first(enabled: bool = True, interval: float = BUILDING_SWITCH_INTERVAL) -> Iterator[None]:
    """Run the enclosed work (a web process's background build) with Python's switch interval at `interval`, so
    the threads serving requests get the interpreter lock back within it; the usual interval is put back when the
    last such work in the process ends. Costs the builder a little (more handing over), requests nothing."""
    global _builders, _usual_interval
    if not enabled:
        yield
        return
    with _switching:
        if _builders == 0:
            _usual_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(interval, _usual_interval))
        _builders += 1
    try:
        yield
    finally:
        with _switching:
            _builders -= 1
            if _builders == 0 and _usual_interval is not None:
                sys.setswitchinterval(_usual_interval)


@lru_cache(maxsize=1)
def _malloc_trim():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):  # not glibc: nothing to call
        return None


def return_freed() -> bool:
    """Ask the C library to give freed heap memory back to the system. glibc keeps what Python frees for reuse,
    so without this a worker stays at its peak size (two index versions) after every swap. ctypes releases the
    interpreter lock for the call, so requests carry on meanwhile. True when the call was made."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
