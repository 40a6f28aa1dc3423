"""The analyser: Snowball stems that keep different words apart and forms of one word together."""

import pytest

from directory.search import search
from directory.search.analysis import ANALYZER, analyse
from tests.search.conftest import build, doc


def stem(word: str) -> str:
    return analyse(word)[0]


@pytest.mark.parametrize(
    "words",
    [
        ("communicator", "communication", "community"),
        ("experiment", "experience"),
        ("business", "busy"),
        ("university", "universal"),
        ("general", "generation"),
        ("evening", "even"),
    ],
)
def test_different_words_keep_different_stems(words):
    assert len({stem(word) for word in words}) == len(words)


@pytest.mark.parametrize(
    "forms",
    [
        ("technician", "technicians"),
        ("communicator", "communicators"),
        ("community", "communities"),
        ("train", "training", "trains", "trained"),
        ("apprentice", "apprentices"),
        ("laboratory", "laboratories"),
        ("experiment", "experiments", "experimental"),
        ("career", "careers"),
        ("leaver", "leavers"),
    ],
)
def test_plural_and_verb_forms_share_a_stem(forms):
    assert len({stem(word) for word in forms}) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Science communicators and community outreach: experiments, experience and business",
        "Evening classes for school leavers; universities' generation of general skills",
    ],
)
def test_the_fast_analyser_matches_whooshs_pipeline_on_the_exceptions_too(text):
    assert analyse(text) == [token.text for token in ANALYZER(text)]


@pytest.fixture(scope="module")
def outreach_index(tmp_path_factory):
    """Many community outreach listings (the old stemmer matched them all) and two about science communication."""
    documents = {
        n: doc(
            f"outreach-{n}",
            f"Community science day {n}",
            type="outreach",
            summary="Community and school outreach in your area.",
            section="community-outreach",
        )
        for n in range(1, 21)
    }
    documents[21] = doc(
        "communicator", "Become a science communicator", summary="Train as a science communicator with a museum."
    )
    documents[22] = doc(
        "communication", "Science communication short course", summary="Communication skills for scientists."
    )
    documents[23] = doc("experiments", "Kitchen experiments for families", type="outreach")
    documents[24] = doc("experience", "Work experience in a laboratory", type="work-experience")
    return build(tmp_path_factory.mktemp("outreach"), documents)


def test_science_communicator_does_not_match_every_outreach_listing(outreach_index):
    assert set(search("science communicator", index=outreach_index).ids) == {21}
    assert set(search("science communicators", index=outreach_index).ids) == {21}
    assert set(search("communication", index=outreach_index).ids) == {22}
    community = search("community", index=outreach_index, per_page=100)
    assert set(community.ids) == set(range(1, 21)) | {23}  # 23 by its type's label


def test_experiments_and_work_experience_are_told_apart(outreach_index):
    assert set(search("experiments", index=outreach_index).ids) == {23}
    assert set(search("work experience", index=outreach_index).ids) == {24}


def test_documents_indexed_by_another_analysis_are_stale_for_reconcile(tmp_path):
    index = build(tmp_path, {1: doc("a", "Genomics course")})
    assert index.versions() == {1: "v1"}
    writer = index.open().writer()
    writer.update_document(
        id="2", id_column=b"2", version=b"v2", title_key=b"b", published_key=b"", start_key=b"2", card={}
    )  # as an index written before the analysis was recorded
    writer.commit()
    assert index.versions() == {1: "v1", 2: ""}
