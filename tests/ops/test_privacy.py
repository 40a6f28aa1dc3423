"""Privacy: the notice and cookies pages, the retention purge as the clock moves, and closing an account."""

from __future__ import annotations

import sqlalchemy as sa

from directory.accounts.models import JoinRequest, User
from directory.audit import AuditEvent
from directory.mail.models import OutboxEmail
from directory.privacy.retention import REMOVED_BODY
from directory.public_forms.models import Message

PASSWORD = "correct horse battery staple"


def count(db, model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_the_footer_links_to_the_privacy_notice_and_cookies_pages(pages):
    home = pages.get("/")
    assert ("/privacy", "Privacy") in home.links and ("/cookies", "Cookies") in home.links
    notice = pages.get("/privacy")
    for heading in (
        "What we collect and why",
        "Our lawful basis",
        "How long we keep it",
        "Who sees it",
        "Your rights, and how to use them",
    ):
        assert heading in notice.text
    assert "12 months from when they were sent" in notice.text
    cookies = pages.get("/cookies")
    assert "session" in cookies.text and "only cookies it needs" in cookies.text


def run_purge(runner) -> str:
    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    return result.output


def test_messages_go_after_twelve_months_and_newer_ones_stay(db, make, runner, moving_clock):
    listing = make.listing()
    db.session.add(
        Message(
            kind="report", listing_id=listing.id, email="old@example.org", body="Old report", created_at=moving_clock.at
        )
    )
    db.session.commit()
    moving_clock.advance(days=200)
    db.session.add(
        Message(
            kind="enquiry",
            listing_id=listing.id,
            email="new@example.org",
            body="Newer enquiry",
            created_at=moving_clock.at,
        )
    )
    db.session.commit()
    moving_clock.advance(days=165)  # the first is 365 days old: not yet "after" 12 months
    assert "0 messages deleted" in run_purge(runner)
    moving_clock.advance(days=1)
    assert "1 messages deleted" in run_purge(runner)
    assert [m.body for m in db.session.scalars(sa.select(Message))] == ["Newer enquiry"]


def test_email_bodies_are_removed_after_thirty_days_and_stale_unsent_emails_deleted(db, runner, moving_clock):
    sent = OutboxEmail(
        to="a@example.org",
        subject="Your listing",
        body="Dear Ann, ...",
        sent_at=moving_clock.at,
        created_at=moving_clock.at,
    )
    unsent = OutboxEmail(
        to="b@example.org", subject="Reset your password", body="Link: ...", created_at=moving_clock.at
    )
    db.session.add_all([sent, unsent])
    db.session.commit()
    moving_clock.advance(days=29)
    run_purge(runner)
    db.session.expire_all()
    assert sent.body == "Dear Ann, ..." and count(db, OutboxEmail) == 2
    moving_clock.advance(days=2)
    output = run_purge(runner)
    assert "1 email bodies removed" in output and "1 unsent emails deleted" in output
    (kept,) = db.session.scalars(sa.select(OutboxEmail))
    assert (kept.to, kept.subject, kept.body) == ("a@example.org", "Your listing", REMOVED_BODY)
    assert "0 email bodies removed" in run_purge(runner)  # once only


def sign_in(client, user):
    response = client.post("/account/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_the_account_page_links_to_closing_it_and_a_wrong_password_changes_nothing(pages, client, make):
    user = make.user(name="Priya Shah")
    sign_in(client, user)
    assert ("/account/close", "Close your account") in pages.get("/account/").links
    page = pages.post("/account/close", data={"password": "not my password"}, status=200)
    assert page.title.startswith("Error: ") and "Your password is not correct" in page.text
    empty = pages.post("/account/close", data={"password": ""}, status=200)
    assert "Enter your password" in empty.text
    assert user.name == "Priya Shah" and user.active


def test_closing_an_account_removes_personal_data_signs_out_and_keeps_the_audit_trail(app, db, client, make):
    from directory.accounts.services import decide_join_request, request_to_join

    user = make.user(name="Priya Shah", email="priya@example.org")
    other = make.organisation(name="Other College")
    moderator = make.user(role="moderator")
    join = request_to_join(user, other.id)
    decide_join_request(join, approve=False, actor=moderator)
    db.session.add(Message(kind="enquiry", email="Priya@Example.org", name="Priya", body="Hello"))
    db.session.add(OutboxEmail(to="priya@example.org", subject="Reset", body="Dear Priya"))
    db.session.commit()
    user_id = user.id
    sign_in(client, user)
    response = client.post("/account/close", data={"password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/closed")
    assert client.get("/account/").status_code == 302  # signed out
    db.session.expire_all()
    closed = db.session.get(User, user_id)
    assert closed.name == "Closed account" and "priya" not in closed.email and not closed.active
    assert count(db, OutboxEmail, OutboxEmail.to == "priya@example.org") == 0
    assert count(db, JoinRequest, JoinRequest.user_id == user_id) == 0
    (message,) = db.session.scalars(sa.select(Message))
    assert (message.name, message.email, message.body) == (None, None, "Hello")
    notes = [event.note or "" for event in db.session.scalars(sa.select(AuditEvent))]
    assert notes and not any("Priya" in note or "priya@" in note for note in notes)
    assert any(e.action == "close" and e.actor_id == user_id for e in db.session.scalars(sa.select(AuditEvent)))
    again = client.post("/account/sign-in", data={"email": "priya@example.org", "password": PASSWORD})
    assert again.status_code == 200  # the old details no longer sign anyone in


def test_the_closed_page_confirms(pages):
    assert "Your account is closed" in pages.get("/account/closed").h1s


def test_the_purge_clears_a_closed_account_that_still_holds_data(db, make, runner):
    from directory.privacy.models import ClosedAccount

    user = make.user(name="Left Behind", email="left@example.org")
    db.session.add(ClosedAccount(user_id=user.id))  # closed by some other route, not yet cleared
    db.session.commit()
    assert "1 closed accounts cleared" in run_purge(runner)
    db.session.expire_all()
    assert user.name == "Closed account" and "left@" not in user.email
    assert "0 closed accounts cleared" in run_purge(runner)
