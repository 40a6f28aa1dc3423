"""A worker's threads walk the postings of one segment at once: each must read its own blocks (a shared file
position between two threads' block headers gave `invalid load key` and `truncated stream` 500s under load)."""

from __future__ import annotations

import pytest

from directory.search.segments import posting_ids
from tests.search.conftest import build, doc, interleaved


@pytest.fixture(scope="module")
def many_blocks(tmp_path_factory):
    """One segment whose common words' postings span many blocks (Whoosh writes 128 postings a block)."""
    index = build(
        tmp_path_factory.mktemp("postings"),
        {n: doc(f"d{n}", f"Laboratory course {n % 7}", summary=f"Training week {n % 3}") for n in range(1, 1201)},
    )
    ((reader, _),) = index.snapshot().readers()
    return reader


def test_threads_walking_one_segment_s_postings_at_once_each_read_their_own(many_blocks):
    terms = [
        (field, text)
        for field in ("text", "head")
        for text in (b"laboratori", b"cours", b"train", b"week")
        if (field, text) in many_blocks
    ]
    expected = {term: posting_ids(many_blocks, *term) for term in terms}
    assert len(terms) >= 4 and all(len(ids) > 128 * 4 for ids in expected.values())

    def walk(offset: int) -> list:
        wrong = []
        for n in range(40):
            term = terms[(n + offset) % len(terms)]
            try:
                if posting_ids(many_blocks, *term) != expected[term]:
                    wrong.append(term)
            except Exception as error:  # a torn read shows up as any decoding error
                wrong.append(error)
        return wrong

    assert interleaved(walk) == []
