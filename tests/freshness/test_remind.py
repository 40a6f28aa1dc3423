"""`flask listings remind`: one email per organisation with listings unverified for 12 months, at most monthly."""

from datetime import datetime, timedelta

import pytest

from directory import clock

START = datetime(2026, 1, 15, 9, 0)


@pytest.fixture
def moving_clock(monkeypatch):
    """clock.now() starts at START; .advance(days=...) moves it on."""

    class Clock:
        at = START

        def advance(self, **delta):
            self.at += timedelta(**delta)

    fake = Clock()
    monkeypatch.setattr(clock, "now", lambda: fake.at)
    return fake


def remind(runner):
    result = runner.invoke(args=["listings", "remind"])
    assert result.exit_code == 0, result.output
    return result.output


def test_reminders_follow_the_twelve_month_rule_and_the_thirty_day_gap(runner, make, outbox, moving_clock):
    college = make.organisation(name="Old College")
    provider = make.user(organisation=college)
    colleague = make.user(organisation=college)
    old = make.listing(organisation=college, title="Old course", published_at=START, last_verified_at=START)
    make.listing(organisation=college, title="Fresh course", published_at=START + timedelta(days=200))
    make.listing(organisation=college, title="Draft course", status="draft")
    elsewhere = make.user()  # another organisation, with a fresh listing only
    make.listing(organisation=elsewhere.organisation, published_at=START + timedelta(days=300))

    moving_clock.advance(days=364)
    assert "Queued 0 reminder" in remind(runner) and outbox() == []

    moving_clock.advance(days=1)
    output = remind(runner)
    assert "Queued 2 reminder email(s) for 1 organisation(s)" in output
    emails = outbox()
    assert {email.to for email in emails} == {provider.email, colleague.email}
    assert emails[0].subject == "Please check 1 listing for Old College"
    assert "Old course" in emails[0].body and f"/listings/{old.slug}" in emails[0].body
    assert "Fresh course" not in emails[0].body and "Draft course" not in emails[0].body

    moving_clock.advance(days=29)
    assert "Skipped 1 organisation(s) reminded in the last 30 days" in remind(runner)
    assert len(outbox()) == 2

    moving_clock.advance(days=1)
    remind(runner)
    assert len(outbox()) == 4  # a month on, still unverified: reminded again


def test_verifying_stops_the_reminders(runner, make, outbox, moving_clock):
    from directory.listings.services import verify

    listing = make.listing(published_at=START)
    make.user(organisation=listing.organisation)
    moving_clock.advance(days=400)
    verify(listing)
    moving_clock.advance(days=100)
    remind(runner)
    assert outbox() == []


def test_an_organisation_without_users_is_reminded_at_its_contact_email(runner, make, outbox, moving_clock):
    seeded = make.organisation(name="Seeded Org", email="hello@seeded.example")
    make.listing(organisation=seeded, published_at=START)
    silent = make.organisation(name="Silent Org", email=None)
    make.listing(organisation=silent, published_at=START)
    moving_clock.advance(days=366)
    output = remind(runner)
    assert [email.to for email in outbox()] == ["hello@seeded.example"]
    assert "No one to email at 1 organisation(s)" in output and "Silent Org" in output
