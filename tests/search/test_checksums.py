"""Every committed segment file has a checksum beside it; damage to any byte is one clear error, not a 500 for
some queries and wrong answers for others."""

from __future__ import annotations

import pytest

from directory.search import search
from directory.search.checksums import SELF_CHECKED, SUFFIX, CorruptSegment
from tests.search.conftest import build, doc


def _segment_files(index):
    return sorted(
        path
        for path in index.current_dir().glob("MAIN_*.*")
        if not path.name.endswith(SELF_CHECKED) and "WRITELOCK" not in path.name
    )


def _flip_one_byte(path, where: float) -> None:
    data = bytearray(path.read_bytes())
    data[int(len(data) * where)] ^= 0x01
    path.write_bytes(bytes(data))


def test_every_segment_file_of_a_rebuild_and_of_a_write_has_a_checksum(tmp_path):
    index = build(tmp_path, {1: doc("a", "Genomics course"), 2: doc("b", "Proteomics course")})
    index.write([(3, "v3", doc("c", "Bioinformatics course"))])
    files = _segment_files(index)
    assert len(files) == 2  # one segment from the build, one from the write
    for path in files:
        size, crc = path.with_name(path.name + SUFFIX).read_text().split()
        assert int(size) == path.stat().st_size and len(crc) == 8


def test_a_merge_takes_the_retired_segments_checksums_with_it(tmp_path, monkeypatch):
    monkeypatch.setattr("directory.search.writing.MAX_SEGMENTS", 2)
    index = build(tmp_path, {1: doc("a", "Genomics course")})
    for n in range(2, 7):
        index.write([(n, f"v{n}", doc(f"d{n}", f"Course number {n}"))])
    sidecars = sorted(p.name[: -len(SUFFIX)] for p in index.current_dir().glob(f"*{SUFFIX}"))
    assert sidecars == [p.name for p in _segment_files(index)]
    assert len(index.versions()) == 6


@pytest.mark.parametrize("where", [0.05, 0.5, 0.95])
def test_one_changed_byte_anywhere_in_a_segment_is_found_when_the_files_are_read_again(tmp_path, where):
    index = build(tmp_path, {n: doc(f"d{n}", f"Laboratory course {n}") for n in range(1, 13)})
    assert search("laboratory", index=index).total == 12
    _flip_one_byte(_segment_files(index)[0], where)
    index.invalidate()
    with pytest.raises(CorruptSegment, match="recorded"):
        index.snapshot()
    with pytest.raises(CorruptSegment):
        index.versions()


def test_an_index_written_before_checksums_is_read_as_before(tmp_path):
    index = build(tmp_path, {1: doc("a", "Genomics course"), 2: doc("b", "Proteomics course")})
    for sidecar in index.current_dir().glob(f"*{SUFFIX}"):
        sidecar.unlink()
    index.invalidate()
    assert search("genomics", index=index).total == 1
