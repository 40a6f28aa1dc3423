"""Each segment's snapshot arrays are stored beside it at commit and loaded by other processes instead of walking the
segment's postings; a sidecar that is missing, damaged or made for something else is rebuilt, never trusted."""

from __future__ import annotations

import logging

import pytest

from directory.search import locality, search, segments, sidecars
from tests.search.conftest import build, doc


def _documents(count: int) -> dict[int, dict]:
    """Enough documents for frequent-word bitsets (segments.FREQUENT_MIN_DOCS), with venues, facets and dates."""
    return {
        n: doc(
            f"d{n}",
            f"Laboratory course {n}",
            region=["london" if n % 2 else "wales"],
            venues=[{"name": "Campus", "latitude": 50 + n / 50, "longitude": -4 + n / 80}] if n % 3 else [],
            published=f"2026-01-{n % 28 + 1:02d}T00:00:00",
            start=f"2026-{n % 12 + 1:02d}-01",
        )
        for n in range(1, count + 1)
    }


def _sidecar_paths(index):
    return sorted(index.current_dir().glob(f"MAIN_*{sidecars.SUFFIX}"))


def _leaves(index):
    return [(reader.segment().segment_id(), reader) for reader, _ in index.snapshot().readers()]


def _walking_postings_fails(monkeypatch) -> None:
    """From here on, computing a segment's arrays from the segment itself fails the test."""

    def walked(*args, **kwargs):
        raise AssertionError("the segment's postings were walked")

    monkeypatch.setattr(segments, "frequent_terms", walked)
    monkeypatch.setattr(segments, "venue_cells", walked)  # nor every venue point


def _as_a_new_process(index) -> None:
    """Forget everything read from the files, as a worker that has not seen these segments yet."""
    index.invalidate()


def test_a_rebuild_and_a_write_each_store_their_segments_arrays(tmp_path):
    index = build(tmp_path, _documents(20))
    index.write([(500, "v500", doc("new", "Proteomics course"))])
    leaves = _leaves(index)
    assert len(leaves) == 2
    assert [path.name for path in _sidecar_paths(index)] == sorted(f"{sid}{sidecars.SUFFIX}" for sid, _ in leaves)


def test_the_stored_arrays_are_what_walking_the_segment_gives(tmp_path):
    index = build(tmp_path, _documents(240))
    ((segment_id, reader),) = _leaves(index)
    computed = segments.segment_data(reader)
    loaded = sidecars.decode(
        sidecars.path_for(index.current_dir(), segment_id).read_bytes(), segment_id, reader.doc_count_all()
    )
    assert computed.frequent and computed.masks["region"] and any(computed.points[n] for n in range(computed.size))
    assert sidecars.encode(segment_id, loaded) == sidecars.encode(segment_id, computed)
    assert list(loaded.ids) == list(computed.ids) and loaded.masks == computed.masks
    assert loaded.frequent == computed.frequent
    assert {sort: list(order) for sort, order in loaded.orders.items()} == {
        sort: list(order) for sort, order in computed.orders.items()
    }
    assert [loaded.points[n] for n in range(loaded.size)] == [computed.points[n] for n in range(computed.size)]
    assert [loaded.keys["title"][n] for n in range(loaded.size)] == [
        computed.keys["title"][n] for n in range(computed.size)
    ]


def test_a_process_new_to_a_segment_loads_its_arrays_without_walking_its_postings(tmp_path, monkeypatch):
    index = build(tmp_path, _documents(240))
    expected = search("laboratory", {"region": ["london"]}, sort="title", index=index)
    _walking_postings_fails(monkeypatch)
    _as_a_new_process(index)
    found = search("laboratory", {"region": ["london"]}, sort="title", index=index)
    assert (found.total, found.facets) == (expected.total, expected.facets)
    assert found.ids == expected.ids


def _damage(path, where: float) -> None:
    data = bytearray(path.read_bytes())
    data[int(len(data) * where)] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("where", [0.0, 0.01, 0.5, 0.99])
def test_a_damaged_sidecar_is_not_trusted_but_rebuilt_from_the_segment(tmp_path, where, caplog):
    index = build(tmp_path, _documents(240))
    expected = search("laboratory", {"region": ["wales"]}, sort="newest", index=index)
    (path,) = _sidecar_paths(index)
    sound = path.read_bytes()
    _damage(path, where)
    _as_a_new_process(index)
    with caplog.at_level(logging.WARNING, logger="directory.search.sidecars"):
        found = search("laboratory", {"region": ["wales"]}, sort="newest", index=index)
    assert "not used" in caplog.text
    assert (found.total, found.ids) == (expected.total, expected.ids)
    assert path.read_bytes() == sound  # stored again, whole


def test_a_missing_sidecar_is_computed_and_stored_again(tmp_path):
    index = build(tmp_path, _documents(30))
    (path,) = _sidecar_paths(index)
    sound = path.read_bytes()
    path.unlink()
    _as_a_new_process(index)
    assert search("laboratory", index=index).total == 30
    assert path.read_bytes() == sound


def test_a_sidecar_made_for_another_segment_or_format_is_not_used(tmp_path, monkeypatch):
    index = build(tmp_path, _documents(30))
    ((segment_id, reader),) = _leaves(index)
    raw = sidecars.path_for(index.current_dir(), segment_id).read_bytes()
    with pytest.raises(sidecars.Unusable, match="segment"):
        sidecars.decode(raw, "MAIN_someotherone", reader.doc_count_all())
    with pytest.raises(sidecars.Unusable):
        sidecars.decode(raw, segment_id, reader.doc_count_all() + 1)
    monkeypatch.setattr(sidecars, "FORMAT", sidecars.FORMAT + 1)
    with pytest.raises(sidecars.Unusable, match="format"):
        sidecars.decode(raw, segment_id, reader.doc_count_all())
    _walking_postings_fails(monkeypatch)  # so an old format's file is recomputed, not used
    _as_a_new_process(index)
    with pytest.raises(AssertionError, match="walked"):
        index.snapshot()


def test_deletions_after_a_sidecar_was_written_still_leave_search(tmp_path):
    index = build(tmp_path, _documents(30))
    index.write(deletions=[1, 2, 3])
    _as_a_new_process(index)
    assert search("laboratory", index=index).total == 27
    assert 1 not in search("laboratory", sort="title", index=index, per_page=50).ids


def test_the_map_grid_of_a_version_is_the_union_of_its_segments_stored_cells(tmp_path, monkeypatch):
    from directory.search import bitsets

    index = build(tmp_path, _documents(40))
    index.write(
        [
            (
                500,
                "v500",
                doc("new", "Proteomics course", venues=[{"name": "Lab", "latitude": 53.48, "longitude": -2.24}]),
            )
        ]
    )
    index.write(deletions=[3])
    _walking_postings_fails(monkeypatch)
    _as_a_new_process(index)
    snap = index.snapshot()
    expected: dict[tuple[int, int], set[int]] = {}
    for docnum in bitsets.docnums(snap.live):
        for lat, lon in snap.points[docnum] or ():
            expected.setdefault(segments.map_cell(lat, lon), set()).add(docnum)
    assert len(snap.segments) == 2 and len(expected) > 2
    assert {cell: set(bitsets.docnums(bits)) for cell, bits in locality.grid(snap).items() if bits} == expected
