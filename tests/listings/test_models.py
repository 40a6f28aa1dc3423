"""Model behaviour, on SQLite and on PostgreSQL."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from directory import clock
from directory.accounts.models import User
from directory.audit import AuditEvent, record
from directory.extensions import db
from directory.listings.models import Listing, ListingTerm
from directory.submissions.models import Revision
from tests.factories import Factories


@pytest.fixture
def make_any(any_app):
    return Factories(db)


def test_term_lists_round_trip_in_vocabulary_order(make_any):
    listing = make_any.listing(regions=["wales", "london"], levels=["level-5", "level-4"])
    db.session.expire_all()
    reloaded = db.session.get(Listing, listing.id)
    assert reloaded.regions == ["wales", "london"]  # REGIONS order: wales comes before london
    assert reloaded.levels == ["level-4", "level-5"]


def test_setting_a_term_list_replaces_only_that_scheme(make_any):
    listing = make_any.listing(regions=["london"], topics=["genomics"])
    listing.regions = ["scotland", "uk-wide"]
    db.session.commit()
    rows = db.session.execute(
        sa.select(ListingTerm.scheme, ListingTerm.code).where(ListingTerm.listing_id == listing.id)
    ).all()
    assert sorted(rows) == sorted(
        [
            ("regions", "scotland"),
            ("regions", "uk-wide"),
            ("topics", "genomics"),
            ("levels", "level-3"),
            ("audiences", "age-16-18"),
            ("audiences", "adults"),
            ("costs", "salaried"),
            ("delivery", "workplace"),
        ]
    )


def test_snapshot_and_apply_carry_every_editable_field(make_any):
    source = make_any.listing(
        title="Genomics HTQ",
        regions=["north-west"],
        places=["Manchester"],
        outcomes=["30 learners in 2023"],
        seeks_partners=True,
    )
    target = make_any.listing()
    target.apply(source.snapshot())
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Listing, target.id).snapshot() == source.snapshot()


def test_freshness_is_measured_from_last_verification(make_any):
    listing = make_any.listing()
    now = clock.now()
    assert listing.is_searchable(now) and not listing.needs_verification(now)
    assert listing.needs_verification(now + timedelta(days=366))
    assert listing.is_searchable(now + timedelta(days=366))
    assert listing.is_stale(now + timedelta(days=549)) and not listing.is_searchable(now + timedelta(days=549))
    listing.last_verified_at = now + timedelta(days=540)
    assert listing.is_searchable(now + timedelta(days=549))


def test_drafts_are_never_public_or_searchable(make_any):
    draft = make_any.listing(status="draft")
    assert not draft.is_public and not draft.is_searchable()


def test_user_passwords_are_hashed_and_checked(make_any):
    user = make_any.user(password="a long enough passphrase")
    assert user.password_hash.startswith("$argon2")
    assert user.check_password("a long enough passphrase")
    assert not user.check_password("wrong")
    assert db.session.scalar(sa.select(User).where(User.email == user.email)).role == "provider"


def test_a_provider_acts_only_for_their_own_organisation(make_any):
    provider = make_any.user()
    other = make_any.organisation()
    moderator = make_any.user(role="moderator", organisation=None)
    assert provider.can_act_for(provider.organisation_id)
    assert not provider.can_act_for(other.id)
    assert moderator.can_act_for(other.id)


def test_a_revision_lists_only_the_fields_it_changes(make_any):
    listing = make_any.listing(title="Old title")
    proposed = {**listing.snapshot(), "title": "New title"}
    revision = Revision(listing=listing, organisation=listing.organisation, kind="edit", data=proposed, state="pending")
    db.session.add(revision)
    db.session.commit()
    assert revision.changes(listing.snapshot()) == {"title": ("Old title", "New title")}


def test_audit_events_keep_only_what_changed(make_any):
    listing = make_any.listing(title="Before")
    before = listing.snapshot()
    listing.title = "After"
    record("edit", listing, before=before, after=listing.snapshot())
    db.session.commit()
    event = db.session.scalar(sa.select(AuditEvent))
    assert (event.entity_type, event.entity_id) == ("listing", listing.id)
    assert event.before == {"title": "Before"} and event.after == {"title": "After"}


def test_slugs_are_unique(make_any):
    make_any.listing(slug="same")
    with pytest.raises(sa.exc.IntegrityError):
        make_any.listing(slug="same")
    db.session.rollback()


def test_id_lists_longer_than_the_postgresql_parameter_limit_work(make_any):
    from directory.listings.queries import id_in

    listing = make_any.listing()
    ids = [listing.id, *range(10**6, 10**6 + 70_000)]
    assert db.session.scalar(sa.select(sa.func.count()).where(id_in(Listing.id, ids))) == 1


def test_slugs_are_readable_and_made_unique(make_any):
    from directory.listings.slugs import slugify, unique_slug

    assert slugify("Lab Tech (Level 3) – Café") == "lab-tech-level-3-cafe"
    assert slugify("!!!", fallback="organisation") == "organisation"
    make_any.listing(slug="genomics-course")
    make_any.listing(slug="genomics-course-2")
    assert unique_slug(Listing.slug, "Genomics course") == "genomics-course-3"
    assert unique_slug(Listing.slug, "Proteomics course") == "proteomics-course"
