"""Queue one reminder per organisation listing its published listings that need verifying."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa

from directory import clock
from directory.accounts.models import User
from directory.extensions import db
from directory.freshness.models import FreshnessReminder
from directory.listings.models import Listing, Organisation
from directory.mail.services import queue_email, render_email, site_url_for

REMIND_EVERY = timedelta(days=30)


@dataclass
class ReminderRun:
    reminded: list[str] = field(default_factory=list)  # organisation names
    recently_reminded: list[str] = field(default_factory=list)
    nobody_to_email: list[str] = field(default_factory=list)
    emails: int = 0


def listings_needing_verification(at=None) -> dict[int, list[Listing]]:
    """Organisation id -> its published listings not verified for 12 months (Listing.needs_verification)."""
    found: dict[int, list[Listing]] = defaultdict(list)
    for listing in db.session.scalars(
        sa.select(Listing).where(Listing.needs_verification(at or clock.now())).order_by(Listing.title)
    ):
        found[listing.organisation_id].append(listing)
    return found


def last_reminded(organisation_id: int):
    return db.session.scalar(
        sa.select(sa.func.max(FreshnessReminder.sent_at)).where(FreshnessReminder.organisation_id == organisation_id)
    )


def reminder_recipients(organisation: Organisation) -> list[str]:
    """The organisation's active users; failing that, its public contact email."""
    emails = list(
        db.session.scalars(
            sa.select(User.email)
            .where(User.organisation_id == organisation.id, User.active.is_(True))
            .order_by(User.id)
        )
    )
    if not emails and organisation.email:
        emails = [organisation.email]
    return emails


def queue_reminders(at=None) -> ReminderRun:
    at = at or clock.now()
    run = ReminderRun()
    for organisation_id, listings in sorted(listings_needing_verification(at).items()):
        organisation = db.session.get(Organisation, organisation_id)
        previous = last_reminded(organisation_id)
        if previous is not None and at - previous < REMIND_EVERY:
            run.recently_reminded.append(organisation.name)
            continue
        recipients = reminder_recipients(organisation)
        if not recipients:
            run.nobody_to_email.append(organisation.name)
            continue
        subject, body = render_email(
            "freshness_reminder",
            organisation=organisation,
            listings=listings,
            listing_links=_listing_links(listings),
            link=_dashboard_link(),
        )
        for address in recipients:
            queue_email(address, subject, body)
        db.session.add(
            FreshnessReminder(
                organisation_id=organisation_id,
                sent_at=at,
                listing_ids=[listing.id for listing in listings],
                recipients=recipients,
            )
        )
        run.reminded.append(organisation.name)
        run.emails += len(recipients)
    db.session.commit()
    return run


def _listing_links(listings) -> dict[int, str]:
    return {listing.id: site_url_for("listings.listing", slug=listing.slug) for listing in listings}


def _dashboard_link() -> str:
    return site_url_for("dashboard.index")
