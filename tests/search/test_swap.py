"""Swapping a new index version into a serving process: each swap is logged with what it cost, the background
build hands the interpreter lock to requests often, and a rebuild's derived files are written at the build's lower
CPU priority."""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
import time

import pytest

from directory.search import SearchIndex, resources, search, snapshot, writing
from tests.search.conftest import build, doc

SWAP_LINE = re.compile(
    r"Search index (gen-\S+) version (\d+) swapped in by process (\d+): "
    r"built in (\d+) ms, warmed in (\d+) ms"
)


def _wait_for(condition, what: str, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def test_a_worker_logs_each_version_it_swaps_in_with_what_building_and_warming_took(tmp_path, caplog):
    worker = build(tmp_path, {1: doc("a", "Genomics course")})
    with caplog.at_level(logging.INFO, logger="directory.search.engine"):
        worker.refresh_in_background(0.02)
        SearchIndex(tmp_path).write([(2, "v", doc("b", "Proteomics course"))])  # as another process would
        _wait_for(lambda: worker.snapshot().size == 2, "the worker never swapped in the new version")
        _wait_for(lambda: any(SWAP_LINE.search(r.getMessage()) for r in caplog.records), "no swap was logged")
    found = [SWAP_LINE.search(r.getMessage()) for r in caplog.records if SWAP_LINE.search(r.getMessage())]
    directory, version = worker.snapshot().generation
    assert (found[-1].group(1), int(found[-1].group(2)), int(found[-1].group(3))) == (
        os.path.basename(directory),
        version,
        os.getpid(),
    )


def test_the_switch_interval_is_short_only_while_background_work_runs():
    usual = sys.getswitchinterval()
    with resources.requests_first():
        assert sys.getswitchinterval() == pytest.approx(resources.BUILDING_SWITCH_INTERVAL)
        with resources.requests_first():  # two builds at once: the first to end must not put it back early
            pass
        assert sys.getswitchinterval() == pytest.approx(resources.BUILDING_SWITCH_INTERVAL)
    assert sys.getswitchinterval() == usual


def test_the_background_refresher_builds_and_warms_with_requests_first(tmp_path, monkeypatch):
    seen = []
    warm = snapshot.warm

    def watched(snap, previous):
        seen.append((threading.current_thread().name, sys.getswitchinterval()))
        return warm(snap, previous)

    usual = sys.getswitchinterval()
    worker = build(tmp_path, {1: doc("a", "Genomics course")})
    monkeypatch.setattr(snapshot, "warm", watched)
    worker.refresh_in_background(0.02)
    SearchIndex(tmp_path).write([(2, "v", doc("b", "Proteomics course"))])
    _wait_for(lambda: worker.snapshot().size == 2, "the worker never swapped in the new version")
    assert ("search-index-refresh", pytest.approx(resources.BUILDING_SWITCH_INTERVAL)) in seen
    _wait_for(lambda: sys.getswitchinterval() == usual, "the usual switch interval was not put back")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread niceness is Linux's")
def test_a_rebuild_stores_what_workers_load_at_the_builds_lower_priority(tmp_path, monkeypatch):
    seen = []

    def watched(directory, ix):
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    monkeypatch.setattr(writing, "AFTER_COMMIT", [*writing.AFTER_COMMIT, watched])
    rebuilding = threading.Thread(target=build, args=(tmp_path, {1: doc("a", "Genomics course")}))
    rebuilding.start()
    rebuilding.join()
    assert seen and seen[0] >= resources.BUILD_NICENESS
    assert search("genomics", index=SearchIndex(tmp_path)).ids == [1]
