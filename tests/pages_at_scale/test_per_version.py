"""/providers, the home page and region pages read what the search index already holds: the organisation catalogue
is built once per index version, and counts come from the index's facet bitsets."""

from __future__ import annotations

from directory.listings import documents
from directory.listings.indexing import reconcile


def test_the_provider_catalogue_is_built_once_per_index_version(pages, make, monkeypatch):
    built = []
    original = documents.organisation_documents
    monkeypatch.setattr(documents, "organisation_documents", lambda: built.append(1) or original())
    make.listing(organisation=make.organisation(name="Alpha Labs"))
    reconcile()
    for _ in range(3):
        assert "Alpha Labs" in pages.get("/providers").text
    assert len(built) == 1
    make.listing(organisation=make.organisation(name="Beta Bio"))
    reconcile()
    page = pages.get("/providers")
    assert "Beta Bio" in page.text and "Alpha Labs" in page.text and len(built) == 2


def test_home_counts_types_as_search_counts_them(pages, make):
    make.listing(provision_type="t-level")
    make.listing(provision_type="t-level", availability="ended")  # search leaves ended listings out
    make.listing(provision_type="t-level", status="draft")
    make.listing(provision_type="htq")
    reconcile()
    text = pages.get("/").text
    assert "T Level 1 listing" in " ".join(text.split()) and "Higher Technical Qualification 1 listing" in text


def test_a_region_page_lists_its_initiatives_from_the_index(pages, make):
    make.listing(kind="initiative", provision_type="employer-network", title="Wales skills board", regions=["wales"])
    make.listing(kind="initiative", provision_type="employer-network", title="UK skills fund", regions=["uk-wide"])
    make.listing(kind="initiative", provision_type="employer-network", title="Scottish board", regions=["scotland"])
    make.listing(
        kind="initiative", provision_type="employer-network", title="Draft board", regions=["wales"], status="draft"
    )
    reconcile()
    text = pages.get("/regions/wales").text
    assert "Wales skills board" in text and "UK skills fund" in text
    assert "Scottish board" not in text and "Draft board" not in text


def test_with_stale_ok_the_older_value_is_served_while_the_new_one_is_built():
    import threading

    from directory.versioned import PerVersion

    cache, release, built = PerVersion(), threading.Event(), threading.Event()
    assert cache.get("k", 1, lambda: "first", stale_ok=True) == "first"  # nothing yet: built in place

    def slow():
        release.wait(5)
        built.set()
        return "second"

    assert cache.get("k", 2, slow, stale_ok=True) == "first"  # the build runs in a thread meanwhile
    assert cache.get("k", 2, slow, stale_ok=True) == "first"  # and only one runs
    release.set()
    assert built.wait(5)
    for _ in range(100):
        if cache.get("k", 2, lambda: "unused", stale_ok=True) == "second":
            break
        threading.Event().wait(0.01)
    assert cache.get("k", 2, lambda: "unused") == "second"
    assert cache.get("k", 3, lambda: "third") == "third"  # without stale_ok, a new version is built in place


def test_threads_asking_for_the_same_value_at_once_share_one_build():
    import threading
    import time

    from directory.versioned import PerVersion

    values, builds = PerVersion(), []

    def build():
        builds.append(threading.get_ident())
        time.sleep(0.2)  # long enough that every thread asks while the first is still building
        return object()

    got = []
    threads = [threading.Thread(target=lambda: got.append(values.get("catalogue", 7, build))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert len(builds) == 1 and len(got) == 4 and len({id(value) for value in got}) == 1
