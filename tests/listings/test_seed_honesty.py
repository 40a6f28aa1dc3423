"""The data test: every seed record says only what its source states (issue 9), and the loader enforces it."""

import shutil

import pytest
import sqlalchemy as sa
import yaml

from directory import taxonomy
from directory.listings import seed_rules
from directory.listings.models import Listing
from directory.listings.seed import SeedError, load, read_seed_dir


def _records(seed_dir):
    return read_seed_dir(seed_dir).listings


def _raw_listings(seed_dir):
    """The records as written (read_seed_dir would stop at the first problem)."""
    for path in sorted((seed_dir / "listings").glob("*.yaml")):
        yield from yaml.safe_load(path.read_text())["listings"]


def test_no_status_without_its_evidence_sentence_and_date(seed_dir):
    for record in _raw_listings(seed_dir):
        if record["availability"] != "not-confirmed":
            assert record.get("availability_evidence"), record["slug"]
            assert seed_rules.as_of_date(record.get("availability_as_of")), record["slug"]


def test_no_initiative_offers_a_way_to_take_part_or_a_cost(seed_dir):
    initiatives = [r for r in _raw_listings(seed_dir) if r.get("kind") == "initiative"]
    assert len(initiatives) >= 15
    for record in initiatives:
        assert not record.get("how_to_apply") and not record.get("costs"), record["slug"]


def test_no_cost_or_delivery_tag_without_what_the_source_states(seed_dir):
    tagged = 0
    for record in _raw_listings(seed_dir):
        for group in seed_rules.EVIDENCED_TAG_GROUPS:
            if record.get(group):
                tagged += 1
                assert (record.get("tag_evidence") or {}).get(group), (record["slug"], group)
    assert tagged >= 10  # the rule is exercised, not vacuous


def test_no_organisation_has_two_listings_with_the_same_title(seed_dir):
    assert seed_rules.duplicate_titles(list(_raw_listings(seed_dir))) == []


def test_no_contact_details_that_no_source_states(seed_dir):
    """The sources' links are placeholders: no seeded record may carry a web address, email or phone."""
    records = read_seed_dir(seed_dir)
    for record in records.listings:
        assert not any(record.get(f) for f in ("url", "contact_email", "contact_phone")), record["slug"]
    for record in records.organisations:
        assert not any(record.get(f) for f in ("website", "email", "phone")), record["slug"]


def test_england_only_programmes_are_not_tagged_uk_wide(seed_dir):
    by_slug = {r["slug"]: r for r in _records(seed_dir)}
    for slug in (
        "t-levels-health-and-science",
        "higher-technical-qualifications",
        "supported-internships",
        "job-entry-targeted-support",
        "skills-england-life-sciences-training-system",
    ):
        assert by_slug[slug]["regions"] == [taxonomy.ENGLAND] and by_slug[slug]["scope_note"], slug
    for record in by_slug.values():
        if record["regions"] in ([taxonomy.ENGLAND], [taxonomy.GREAT_BRITAIN]):
            assert record.get("scope_note"), record["slug"]


def test_the_duplicates_named_in_the_issue_are_merged_with_their_old_slugs_kept(seed_dir):
    by_slug = {r["slug"]: r for r in _records(seed_dir)}
    for kept, retired in (
        ("advanced-therapies-apprenticeship-community", {"atac-scotland", "atac-industry-skills-accelerator-pathways"}),
        ("ibioic-collaborative-training-programmes", {"ibioic-collaborative-phd-programme"}),
        ("government-apprenticeship-website-life-sciences", {"national-apprenticeship-service-information"}),
    ):
        assert retired <= set(by_slug[kept]["formerly"]) and not retired & set(by_slug)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"availability": "open"}, "needs 'availability_evidence'"),
        ({"kind": "initiative", "costs": ["free"], "tag_evidence": {"costs": "free"}}, "no cost tag"),
        ({"kind": "initiative", "how_to_apply": "Apply online"}, "no 'how_to_apply'"),
        ({"delivery": ["online"]}, "'delivery' tags need 'tag_evidence"),
        ({"tag_evidence": {"colour": "blue"}}, "unknown group"),
        (
            {"availability": "ended", "availability_evidence": "It ended.", "availability_as_of": "last year"},
            "must be a date written YYYY-MM",
        ),
    ],
)
def test_the_loader_refuses_a_record_that_breaks_a_rule(tmp_path, seed_dir, changes, message):
    target = tmp_path / "seed"
    shutil.copytree(seed_dir, target)
    path = target / "listings" / "medcity-directory.yaml"
    content = yaml.safe_load(path.read_text())
    record = content["listings"][0]
    for name in ("availability_evidence", "availability_as_of", "costs", "delivery", "tag_evidence"):
        record.pop(name, None)
    record.update({"availability": "not-confirmed", **changes})
    path.write_text(yaml.safe_dump(content, allow_unicode=True))
    with pytest.raises(SeedError, match=message):
        read_seed_dir(target)


def test_the_loader_refuses_duplicate_titles_and_reused_old_slugs(tmp_path, seed_dir):
    target = tmp_path / "seed"
    shutil.copytree(seed_dir, target)
    path = target / "listings" / "medcity-directory.yaml"
    content = yaml.safe_load(path.read_text())
    first, second = content["listings"][0], content["listings"][1]
    second.update(organisation=first["organisation"], title=first["title"].upper())
    path.write_text(yaml.safe_dump(content, allow_unicode=True))
    with pytest.raises(SeedError, match="more than once"):
        read_seed_dir(target)
    content["listings"][1]["title"] = "Something else"
    content["listings"][1]["formerly"] = [first["slug"]]
    path.write_text(yaml.safe_dump(content, allow_unicode=True))
    with pytest.raises(SeedError, match="still in use"):
        read_seed_dir(target)


def test_loading_stores_kind_evidence_and_redirects_and_archives_a_retired_row(client, db, seed_dir):
    from tests.factories import Factories

    retired = Factories(db).listing(slug="atac-scotland")
    load(read_seed_dir(seed_dir))
    kept = db.session.scalar(sa.select(Listing).where(Listing.slug == "advanced-therapies-apprenticeship-community"))
    assert kept.availability == "open" and kept.availability_evidence and kept.availability_as_of.year == 2026
    assert db.session.get(Listing, retired.id).status == "archived"
    response = client.get("/listings/atac-scotland")
    assert response.status_code == 301 and response.headers["Location"].endswith(f"/listings/{kept.slug}")
    board = db.session.scalar(sa.select(Listing).where(Listing.slug == "london-life-science-talent-board"))
    assert board.kind == "initiative"
    assert "How to take part" not in client.get(f"/listings/{board.slug}").get_data(as_text=True)
    load(read_seed_dir(seed_dir))  # a second load is a no-op, redirects included
