"""Providers hear about moderators' decisions: an email to every member of the organisation on approval, and on
rejection with the moderator's reason."""

import sqlalchemy as sa

from directory.extensions import db
from directory.mail.models import OutboxEmail
from directory.submissions.models import Revision
from tests.submissions.helpers import write_listing


def outbox() -> list[OutboxEmail]:
    return list(db.session.scalars(sa.select(OutboxEmail).order_by(OutboxEmail.id)))


def submitted(client, answers) -> Revision:
    listing_id, _ = write_listing(client, answers)
    client.post(f"/dashboard/listings/{listing_id}/submit")
    return db.session.scalars(sa.select(Revision).where(Revision.listing_id == listing_id)).one()


def test_approving_emails_the_organisations_members(client, make, provider, moderator, answers, sign_in):
    colleague = make.user(organisation=provider.organisation)
    make.user()  # another organisation's provider: not told
    revision = submitted(client, answers)
    sign_in(moderator)
    client.post(f"/moderation/revisions/{revision.id}", data={"decision": "approve"})
    assert revision.state == "approved"
    emails = outbox()
    assert [email.to for email in emails] == [provider.email, colleague.email]
    assert emails[0].subject == 'Your listing "Bioscience technician apprenticeship" is published'
    assert f"/listings/{revision.listing.slug}" in emails[0].body


def test_rejecting_emails_the_reason(client, make, provider, moderator, answers, sign_in):
    revision = submitted(client, answers)
    sign_in(moderator)
    client.post(f"/moderation/revisions/{revision.id}", data={"decision": "reject", "reason": ""})
    assert outbox() == []  # no decision, no email
    client.post(
        f"/moderation/revisions/{revision.id}", data={"decision": "reject", "reason": "Say which college runs it."}
    )
    [email] = outbox()
    assert email.to == provider.email
    assert email.subject == 'Your listing "Bioscience technician apprenticeship" was not approved'
    assert "Say which college runs it." in email.body and "/dashboard" in email.body
