"""Seed loading: every curated record validates and loads; bad files are rejected whole; loading twice is a no-op."""

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml

from directory import taxonomy
from directory.extensions import db
from directory.listings.models import Listing, Organisation
from directory.listings.seed import SeedError, load, read_seed_dir


@pytest.fixture
def seed_copy(tmp_path, seed_dir) -> Path:
    target = tmp_path / "seed"
    shutil.copytree(seed_dir, target)
    return target


def _edit_first_listing(seed_dir: Path, **changes) -> str:
    path = sorted((seed_dir / "listings").glob("*.yaml"))[0]
    content = yaml.safe_load(path.read_text())
    content["listings"][0].update(changes)
    path.write_text(yaml.safe_dump(content, allow_unicode=True))
    return path.name


def test_every_seed_record_validates(seed_dir):
    records = read_seed_dir(seed_dir)
    assert len(records.organisations) >= 40
    assert len(records.listings) >= 80


def test_every_seed_record_names_its_source(seed_dir):
    records = read_seed_dir(seed_dir)
    for record in records.organisations + records.listings:
        assert record["source"] in taxonomy.SOURCES and record["source"] != "provider"
        assert record["source_section"].strip()


def test_seed_data_covers_every_nation_and_english_region(seed_dir):
    records = read_seed_dir(seed_dir)
    covered = {code for record in records.listings for code in record["regions"]}
    # "england" and "great-britain" arrive with the seed data's re-tagging by national scope (issue 8 item 1).
    assert set(taxonomy.REGIONS.codes()) - {taxonomy.ENGLAND, taxonomy.GREAT_BRITAIN} <= covered, (
        set(taxonomy.REGIONS.codes()) - covered
    )


def test_seed_data_has_no_placeholder_links(seed_dir):
    records = read_seed_dir(seed_dir)
    for record in records.listings + records.organisations:
        for field in ("url", "website"):
            assert record.get(field, "https://x").startswith("http"), record["slug"]


def test_seeding_loads_everything_and_twice_changes_nothing(app, runner, seed_dir):
    first = runner.invoke(args=["seed", "--path", str(seed_dir)])
    assert first.exit_code == 0, first.output
    records = read_seed_dir(seed_dir)
    assert db.session.scalar(sa.select(sa.func.count(Listing.id))) == len(records.listings)
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == len(records.organisations)
    state = {row.slug: (row.updated_at, row.snapshot()) for row in db.session.scalars(sa.select(Listing))}

    second = runner.invoke(args=["seed", "--path", str(seed_dir)])
    assert second.exit_code == 0, second.output
    assert "0 created, 0 updated" in second.output
    db.session.expire_all()
    assert {row.slug: (row.updated_at, row.snapshot()) for row in db.session.scalars(sa.select(Listing))} == state


def test_seeded_listings_are_published_and_keep_their_source(app, seed_dir):
    load(read_seed_dir(seed_dir))
    for listing in db.session.scalars(sa.select(Listing)):
        assert listing.status == "published" and listing.published_at is not None
        assert listing.source in taxonomy.SOURCES and listing.source_section


def test_a_changed_seed_record_updates_in_place(app, seed_copy):
    load(read_seed_dir(seed_copy))
    _edit_first_listing(seed_copy, title="A corrected title")
    summary = load(read_seed_dir(seed_copy))
    assert summary["updated"] == 1 and summary["created"] == 0
    assert db.session.scalar(sa.select(Listing).where(Listing.title == "A corrected title")) is not None


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"regions": ["atlantis"]}, "field 'regions' unknown code(s) ['atlantis']"),
        ({"type": "nonsense"}, "field 'type' 'nonsense' is not one of"),
        ({"url": "www.example.org"}, "field 'url' must be a web address"),
        ({"summary": "x" * 301}, "field 'summary' must be at most 300 characters"),
        ({"colour": "blue"}, "unknown field(s) colour"),
        ({"organisation": "nobody"}, "field 'organisation' names 'nobody'"),
        ({"title": None}, "field 'title' is required"),
    ],
)
def test_a_bad_seed_value_is_rejected_naming_file_record_and_field(app, runner, seed_copy, changes, message):
    filename = _edit_first_listing(seed_copy, **changes)
    result = runner.invoke(args=["seed", "--path", str(seed_copy)])
    assert result.exit_code != 0
    assert filename in result.output and message in result.output and "nothing was loaded" in result.output
    assert db.session.scalar(sa.select(sa.func.count(Listing.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 0


def test_invalid_yaml_is_rejected_with_the_file_name(seed_copy):
    (seed_copy / "listings" / "broken.yaml").write_text("listings: [unclosed\n")
    with pytest.raises(SeedError, match=r"broken\.yaml: not valid YAML"):
        read_seed_dir(seed_copy)


def test_duplicate_slugs_across_files_are_rejected(seed_copy):
    first = sorted((seed_copy / "listings").glob("*.yaml"))[0]
    content = yaml.safe_load(first.read_text())
    (seed_copy / "listings" / "zz-copy.yaml").write_text(yaml.safe_dump({"listings": content["listings"][:1]}))
    with pytest.raises(SeedError, match="slug already used"):
        read_seed_dir(seed_copy)
