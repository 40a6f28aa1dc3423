"""The engine's compact in-memory structures, and what happens to an index version when a new one replaces it.

Sort orders, keys and venue points are flat arrays per segment (directory/search/segments.py); these tests check
every sort and every distance against a plain computation from the documents themselves, over an index of several
segments with replaced and deleted documents, and with sorting done in small chunks so the merge of chunks runs.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
import weakref

import pytest

from bench.generate import documents
from directory import geography, taxonomy
from directory.search import SearchIndex, resources, search, search_ids, segments, storage, writing
from directory.search.places import geocode
from directory.search.schema import _start_key
from tests.search.conftest import build, doc, interleaved

EVERYTHING = {"availability": taxonomy.AVAILABILITY.codes(), "kind": ["initiative"]}
SECOND_VENUES = [
    {"name": "Leeds", "postcode": "LS2", "latitude": 53.8008, "longitude": -1.5491},
    {"name": "Bristol", "postcode": "BS1", "latitude": 51.4545, "longitude": -2.5879},
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """An index of four segments (one rebuilt, three written), and the documents it should hold."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(segments, "SORT_CHUNK", 16)
        docs = list(documents(320, seed=11))
        for _, _, document in docs[::9]:  # some documents with several venues, some with none
            document["venues"] = document.get("venues", []) + SECOND_VENUES
        for _, _, document in docs[5::11]:
            document.pop("venues", None)
        index = SearchIndex(tmp_path_factory.mktemp("compact"))
        index.rebuild(docs[:200])
        replaced = [
            (n, "v2", {**document, "title": f"Renamed {document['title']}", "published": ""})
            for n, _, document in docs[10:16]
        ]
        index.write(docs[200:260], deletions=[docs[3][0], docs[150][0]])
        index.write(replaced)
        index.write(docs[260:])
        expected = {n: document for n, _, document in docs}
        expected.update({n: document for n, _, document in replaced})
        del expected[docs[3][0]], expected[docs[150][0]]
        yield index, expected


def _all_pages(index, per_page=25, **arguments) -> list[int]:
    found, page = [], 1
    while True:
        results = search(index=index, page=page, per_page=per_page, **arguments)
        found += results.ids
        if page >= results.pages:
            return found
        page += 1


def _expected_order(index, expected: dict, ids: list[int], sort: str) -> list[int]:
    """The order a sort promises, worked out from the documents: by key, ties by position in the index."""
    snap = index.snapshot()
    position = {snap.ids[n]: n for n in range(snap.size) if snap.live >> n & 1}
    by_position = sorted(ids, key=position.__getitem__)
    if sort == "title":
        return sorted(by_position, key=lambda n: expected[n]["title"].casefold())
    if sort == "start":
        return sorted(by_position, key=lambda n: _start_key(expected[n]))
    return sorted(by_position, key=lambda n: expected[n]["published"] or "", reverse=True)  # newest first


@pytest.mark.parametrize("sort", ["title", "newest", "start", "relevance"])
@pytest.mark.parametrize(
    "filters", [{}, {"cost": ["free"]}, {"type": ["apprenticeship"]}], ids=["every listing", "one cost", "one type"]
)
def test_every_sort_gives_the_order_the_documents_call_for(corpus, sort, filters):
    """Every listing walks the merged orders; a small selection is ranked by its keys (service._in_order)."""
    index, expected = corpus
    chosen = {**EVERYTHING, **filters}
    matching = search_ids("", chosen, index=index, national=False)
    assert matching and set(matching) <= set(expected)
    order = "newest" if sort == "relevance" else sort  # relevance without words is newest first
    assert _all_pages(index, sort=sort, filters=chosen, national=False) == _expected_order(
        index, expected, matching, order
    )


def test_the_index_holds_exactly_the_documents_written_at_their_versions(corpus):
    index, expected = corpus
    assert set(index.versions()) == set(expected)
    assert index.versions()[11] == "v2"
    assert search_ids("", EVERYTHING, index=index) == sorted(expected)


def _nearest(document: dict, point) -> float | None:
    venues = [(v["latitude"], v["longitude"]) for v in document.get("venues", [])]
    return min((geography.miles_between(point, venue) for venue in venues), default=None)


@pytest.mark.parametrize("place", ["M13 9PL", "LS2", "Cardiff"])
def test_distances_are_to_each_listing_s_nearest_venue_nearest_first(corpus, place):
    index, expected = corpus
    point = geocode(place).point
    results = search("", EVERYTHING, sort="distance", place=place, per_page=100, index=index, national=False)
    miles = [hit["miles"] for hit in results.hits]
    measured = [m for m in miles if m is not None]
    assert results.sort == "distance" and measured
    assert miles[: len(measured)] == sorted(measured)  # every listing with a venue first, nearest first
    for hit in results.hits:
        nearest = _nearest(expected[hit["id"]], point)
        assert hit["miles"] == (pytest.approx(nearest, abs=1e-9) if nearest is not None else None)


def test_packed_arrays_give_back_what_they_were_given():
    values = [b"beta", b"", b"alpha", b"\xff\x00"]
    packed = segments.PackedBytes(values)
    assert [packed[n] for n in range(len(packed))] == values
    points = segments.PackedPoints([None, ((51.5, -0.1), (53.4, -2.2)), (), ((55.9, -3.2),)])
    assert [points[n] for n in range(4)] == [None, ((51.5, -0.1), (53.4, -2.2)), None, ((55.9, -3.2),)]
    assert list(points.with_points()) == [1, 3]


@pytest.mark.parametrize("size", [0, 1, 15, 16, 17, 100])
def test_chunked_sorting_keeps_ties_in_document_order(monkeypatch, size):
    monkeypatch.setattr(segments, "SORT_CHUNK", 16)
    values = [bytes([(n * 7) % 5]) for n in range(size)]
    assert list(segments.sorted_docnums(values)) == [n for _, n in sorted((v, n) for n, v in enumerate(values))]


@pytest.fixture
def no_cycle_collector():
    """Objects must be freed by reference counting alone, as soon as nothing uses them."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()


def test_a_new_version_releases_the_old_one(tmp_path, no_cycle_collector):
    index = build(tmp_path, {1: doc("a", "Genomics course"), 2: doc("b", "Proteomics course")})
    old = index.snapshot()
    search("genomics", index=index)
    old_snapshot, old_searcher, old_directory = weakref.ref(old), weakref.ref(old.searcher), index.current_dir()
    del old
    index.rebuild([(3, "v", doc("c", "Bioinformatics course"))])
    assert search("bioinformatics", index=index).ids == [3]
    assert old_snapshot() is None and old_searcher() is None
    assert all(key[0] != str(old_directory) for key in index._segment_cache)
    assert list(index._opened) == [str(index.current_dir())]


def test_a_worker_swaps_in_a_warmed_version_and_lets_the_old_one_go(tmp_path, no_cycle_collector):
    worker = build(tmp_path, {1: doc("a", "Genomics course", venues=SECOND_VENUES)})
    worker.refresh_in_background(0.02)
    search("genomics", index=worker)
    old = worker.snapshot()
    searched, old_snapshot = set(old.term_cache), weakref.ref(old)
    del old
    SearchIndex(tmp_path).write([(2, "v", doc("b", "Proteomics course"))])  # as another process would
    deadline = time.monotonic() + 10
    while worker.snapshot().size < 2 or old_snapshot() is not None:
        assert time.monotonic() < deadline, "the worker never swapped in the new version, or kept the old one"
        time.sleep(0.02)
    new = worker.snapshot()
    assert new.speller is not None and new.grid is not None and new._venue_bits is not None
    assert searched and searched <= set(new.term_cache)  # the words searched before cost nothing after


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread niceness is Linux's")
def test_a_rebuild_writes_at_a_lower_cpu_priority_in_its_own_thread_only(tmp_path, monkeypatch):
    seen = []
    write_all = writing.write_all

    def watched(*arguments):
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        return write_all(*arguments)

    monkeypatch.setattr(writing, "write_all", watched)
    main_before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    rebuilding = threading.Thread(target=build, args=(tmp_path, {1: doc("a", "Genomics course")}))
    rebuilding.start()
    rebuilding.join()
    assert seen and seen[0] >= resources.BUILD_NICENESS
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == main_before
    assert search("genomics", index=SearchIndex(tmp_path)).ids == [1]


def test_threads_reading_one_version_at_once_each_get_their_own_documents(corpus):
    """A worker's threads share one snapshot: reads at a position must not move a position another thread uses
    (a race gave truncated stored fields under gunicorn's threads)."""
    index, _ = corpus
    snap = index.snapshot()

    def read(offset: int) -> list:
        wrong = []
        for n in range(offset, offset + 3 * snap.size, 7):
            docnum = n % snap.size
            try:
                if snap.searcher.stored_fields(docnum)["card"]["id"] != snap.ids[docnum]:
                    wrong.append(docnum)
            except Exception as error:
                wrong.append(error)
        return wrong

    assert interleaved(read) == []


def test_a_new_worker_warms_its_snapshot_before_taking_requests(tmp_path):
    """What deploy/gunicorn.conf.py's post_worker_init calls: the first request finds everything built."""
    build(tmp_path, {1: doc("a", "Genomics course", venues=SECOND_VENUES)})
    worker = SearchIndex(tmp_path)  # as a newly started process
    worker.warm()
    snap = worker._snapshot
    assert snap is not None and snap.speller is not None and snap.grid is not None
    assert worker.snapshot() is snap


def test_warming_a_directory_without_an_index_creates_nothing(tmp_path):
    SearchIndex(tmp_path).warm()
    assert list(tmp_path.iterdir()) == []


def test_a_closed_part_of_a_segment_refuses_reads_rather_than_reading_another_file(tmp_path):
    index = build(tmp_path, {1: doc("a", "Genomics course")})
    reader = next(reader for reader, _ in index.snapshot().readers())
    part = reader._storage.open_file(next(name for name in reader._storage.list() if name.endswith(".pst")))
    assert isinstance(part, storage.PartFile) and part.get(0, 4)
    part.close()
    with pytest.raises(ValueError):
        part.get(0, 4)
