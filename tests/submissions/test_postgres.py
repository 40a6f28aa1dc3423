"""The submission and moderation workflow on PostgreSQL as well as SQLite (JSON revisions, slugs, audit events)."""

import pytest

from directory.accounts.models import User
from directory.extensions import db
from directory.listings.models import Listing, Organisation
from directory.moderation import decisions
from directory.submissions import bulk, workflow

pytestmark = pytest.mark.postgres


def test_draft_submit_approve_edit_reject_on_both_databases(any_app):
    org = Organisation(slug="pg-college", name="PG College", org_type="college", regions=["london"])
    provider = User(email="p@example.org", name="P", role="provider", organisation=org, password_hash="x")
    moderator = User(email="m@example.org", name="M", role="moderator", password_hash="x")
    db.session.add_all([org, provider, moderator])
    db.session.commit()

    content = (
        b"title,summary,description,provision_type,section,regions,levels,availability\n"
        b"Lab course,Short.,Long.,short-course,alternative-qualifications,london;uk-wide,level-2,open\n"
        b"Lab course,Again.,Long.,short-course,alternative-qualifications,wales,,open\n"
    )
    parsed = bulk.parse(content, existing={})
    assert parsed.problem is None and parsed.errors == []
    first_id, second_id = bulk.save(parsed, org, {}, actor=provider)
    first, second = db.session.get(Listing, first_id), db.session.get(Listing, second_id)
    assert (first.slug, second.slug) == ("lab-course", "lab-course-2")

    revision = workflow.submit(first, actor=provider)
    decisions.approve(revision, moderator=moderator)
    assert first.status == "published" and first.regions == ["london", "uk-wide"]

    edit = workflow.save_draft(first, dict(first.snapshot(), summary="Changed."), actor=provider)
    workflow.submit(first, actor=provider)
    decisions.reject(edit, moderator=moderator, reason="No.")
    assert first.summary == "Short." and edit.state == "rejected"
    assert [event["action"] for event in decisions.history(first)] == [
        "Create",
        "Submit",
        "Approve",
        "Publish",
        "Propose edit",
        "Submit",
        "Reject",
    ]
