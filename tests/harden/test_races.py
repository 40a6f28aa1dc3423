"""Real concurrency on PostgreSQL: moderators deciding one revision at once, providers creating same-titled listings.

Each worker is a thread with its own app context, so its own session and database connection; a barrier releases
them together. No mocks: the database decides who wins.
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from directory.accounts.models import User
from directory.audit import AuditEvent
from directory.extensions import db
from directory.listings.models import Listing
from directory.moderation import decisions
from directory.submissions import workflow
from directory.submissions.models import Revision

pytestmark = pytest.mark.postgres


def run_together(app, jobs):
    """Run each job(n) in its own thread and app context, all released at once; return each one's outcome."""
    barrier, outcomes = threading.Barrier(len(jobs)), [None] * len(jobs)

    def worker(n, job):
        with app.app_context():
            try:
                prepared = job(n)
                barrier.wait(timeout=20)
                outcomes[n] = ("ok", prepared())
            except Exception as error:  # the outcome under test: which decision lost, and how
                outcomes[n] = (type(error).__name__, str(error))
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(n, job)) for n, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.fixture
def pending(pg_app, pg_make):
    """pending() -> (revision id, [moderator ids]): a new listing waiting for review, and eight moderators."""
    moderators = [pg_make.user(role="moderator", name=f"Moderator {n}").id for n in range(8)]
    provider = pg_make.user(role="provider")

    def _pending():
        listing = workflow.create_listing(
            provider.organisation, {"title": "Race course", "summary": "S"}, actor=provider
        )
        revision = workflow.open_revision(listing)
        revision.state = "pending"
        listing.status = "pending"
        db.session.commit()
        return revision.id, moderators

    return _pending


def _decide(revision_id, moderator_id, action):
    def prepare(_n):
        revision = db.session.get(Revision, revision_id)
        moderator = db.session.get(User, moderator_id)
        assert revision.state == "pending"  # both moderators saw it waiting, as on the review page
        if action == "approve":
            return lambda: decisions.approve(revision, moderator=moderator)
        return lambda: decisions.reject(revision, moderator=moderator, reason=f"No, says {moderator.name}")

    return prepare


def _events(revision_listing_id, action):
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.entity_id == revision_listing_id,
            AuditEvent.entity_type == "listing",
            AuditEvent.action == action,
        )
    )


def test_approve_and_reject_at_once_lets_exactly_one_decision_through(pg_app, pending):
    for trial in range(8):
        revision_id, moderators = pending()
        outcomes = run_together(
            pg_app, [_decide(revision_id, moderators[0], "approve"), _decide(revision_id, moderators[1], "reject")]
        )
        db.session.expire_all()
        revision = db.session.get(Revision, revision_id)
        winners = [kind for kind, _ in outcomes if kind == "ok"]
        losers = [message for kind, message in outcomes if kind == "DecisionError"]
        assert len(winners) == 1 and len(losers) == 1, (trial, outcomes)
        assert losers[0].startswith(f"Already {revision.state} by {revision.decided_by.name} at ")
        if revision.state == "approved":
            assert revision.reason is None and revision.listing.status == "published"
        else:
            assert revision.reason.startswith("No, says") and revision.listing.status == "rejected"


def test_twenty_parallel_approvals_publish_once(pg_app, pending, pg_make):
    revision_id, _ = pending()
    moderators = [pg_make.user(role="moderator").id for _ in range(20)]
    outcomes = run_together(pg_app, [_decide(revision_id, moderator, "approve") for moderator in moderators])
    assert sum(kind == "ok" for kind, _ in outcomes) == 1, outcomes
    assert sum(kind == "DecisionError" for kind, _ in outcomes) == 19
    listing_id = db.session.get(Revision, revision_id).listing_id
    assert (_events(listing_id, "approve"), _events(listing_id, "publish")) == (1, 1)


def test_withdraw_racing_an_approval_leaves_one_outcome(pg_app, pending):
    for _ in range(4):
        revision_id, moderators = pending()

        def withdraw(_n, revision_id=revision_id):
            listing = db.session.get(Revision, revision_id).listing
            provider = db.session.get(User, db.session.get(Revision, revision_id).author_id)
            return lambda: workflow.withdraw(listing, actor=provider)

        outcomes = run_together(pg_app, [_decide(revision_id, moderators[0], "approve"), withdraw])
        assert sorted(kind for kind, _ in outcomes) in (["DecisionError", "ok"], ["WorkflowError", "ok"]), outcomes
        db.session.expire_all()
        revision = db.session.get(Revision, revision_id)
        assert (revision.state, revision.listing.status) in (("approved", "published"), ("withdrawn", "draft"))


def test_twenty_providers_creating_the_same_title_at_once_all_keep_their_work(pg_app, pg_make):
    organisations = [pg_make.organisation().id for _ in range(20)]

    def create(n):
        from directory.listings.models import Organisation

        organisation = db.session.get(Organisation, organisations[n])
        return lambda: (
            workflow.create_listing(organisation, {"title": "Same title", "summary": f"Mine {n}"}, actor=None).slug
        )

    outcomes = run_together(pg_app, [create for _ in organisations])
    assert [kind for kind, _ in outcomes] == ["ok"] * 20, outcomes
    slugs = db.session.scalars(sa.select(Listing.slug).where(Listing.title == "Same title")).all()
    assert len(slugs) == 20 and len(set(slugs)) == 20 and "same-title" in slugs
