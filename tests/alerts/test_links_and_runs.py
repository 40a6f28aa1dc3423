"""Links fit only the alert they were made for; a digest run survives an alert deleted or taken by another run; the
confirmation email carries no free text; unsubscribing the last alert removes the address's alert emails too; a
digest names (and records) at most DIGEST_MOST listings."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from directory.alerts import searches, services
from directory.alerts.models import AlertDelivery, SearchAlert
from directory.alerts.tokens import make_token
from directory.mail.models import OutboxEmail
from tests.alerts.test_alerts import T0, alerts, confirmed_alert, link, sign_up

PUBLISHED = datetime(2026, 6, 1, 12)


def token(app, purpose: str, alert: SearchAlert) -> str:
    with app.test_request_context():
        return make_token(purpose, alert)


def test_an_old_link_never_works_on_a_newer_alert_that_got_the_same_id(app, client, pages, db, outbox):
    sign_up(client, email="attacker@example.com")
    [old] = alerts(db)
    old_id, body, old_manage = old.id, outbox()[-1].body, f"/alerts/manage/{token(app, 'manage', old)}"
    assert client.post(link(body, "unsubscribe")).status_code == 200 and alerts(db) == []
    # Even if an id came round again (a restored backup, a hand-made row), the old links do not fit the new alert.
    victim = SearchAlert(
        id=old_id,
        email="victim@example.org",
        query="genomics",
        place="",
        filters={},
        national=True,
        frequency="daily",
        created_at=T0,
    )
    db.session.add(victim)
    db.session.commit()
    assert pages.get(link(body, "confirm"), status=404).h1 == "This link does not work"
    assert client.post(link(body, "confirm")).status_code == 404
    manage = pages.get(old_manage, status=404)
    assert "victim@example.org" not in manage.text
    assert client.post(link(body, "unsubscribe")).status_code == 200  # "unsubscribed", but the victim's alert stays
    assert [(alert.id, alert.confirmed_at) for alert in alerts(db)] == [(old_id, None)]
    assert pages.get(f"/alerts/manage/{token(app, 'manage', victim)}").h1 == "Your email alerts"


def test_alert_ids_are_not_reused_and_each_alert_has_its_own_secret(db):
    first = confirmed_alert(db, email="one@example.org")
    first_id = first.id
    services.delete([first])
    second = confirmed_alert(db, email="two@example.org")
    assert second.id > first_id and len(second.secret) >= 16
    assert confirmed_alert(db, email="three@example.org").secret != second.secret


def test_manage_and_unsubscribe_links_end_with_their_alert(app, client, pages, db):
    first = confirmed_alert(db, query="laboratory")
    second = confirmed_alert(db, query="genomics")
    manage, unsubscribe = token(app, "manage", first), token(app, "unsubscribe", first)
    assert pages.get(f"/alerts/manage/{manage}").h1 == "Your email alerts"
    services.delete([first])
    assert pages.get(f"/alerts/manage/{manage}", status=404).h1 == "This link does not work"
    assert client.post(f"/alerts/manage/{manage}/delete", data={"alert": second.id}).status_code == 404
    assert pages.get(f"/alerts/unsubscribe/{unsubscribe}").h1 == "You are unsubscribed"
    assert [alert.id for alert in alerts(db)] == [second.id]


def _three_alerts(db, make, reindex):
    make.listing(title="Laboratory apprenticeship", published_at=PUBLISHED, updated_at=PUBLISHED)
    reindex()
    return [confirmed_alert(db, email=f"{name}@example.com", filters={}) for name in ("a", "b", "c")]


def test_a_run_goes_on_when_an_alert_is_deleted_while_it_runs(db, make, reindex, outbox, clock, monkeypatch):
    first, _, _ = _three_alerts(db, make, reindex)
    real, first_id = searches.matching_ids, first.id

    def unsubscribed_meanwhile(alert):
        if alert.id == first_id:  # the person unsubscribes (another connection) while the run is going
            with db.engine.begin() as other:
                other.execute(sa.text("DELETE FROM search_alerts WHERE id = :id"), {"id": first_id})
        return real(alert)

    monkeypatch.setattr(searches, "matching_ids", unsubscribed_meanwhile)
    clock.time = datetime(2026, 6, 2, 7)
    assert services.send_due() == {"alerts checked": 2, "emails sent": 2, "listings sent": 2}
    assert sorted(email.to for email in outbox()) == ["b@example.com", "c@example.com"]


def test_a_run_skips_an_alert_another_run_has_just_sent(db, make, reindex, outbox, clock, monkeypatch):
    _, second, _ = _three_alerts(db, make, reindex)
    real, second_id = services.new_matches, second.id

    def sent_by_another_run(alert, since):
        ids = real(alert, since)
        if alert.id == second_id:  # a concurrent run records the same listing just after this one looked
            with db.engine.begin() as other:
                other.execute(
                    sa.text(
                        "INSERT INTO search_alert_deliveries (alert_id, listing_id, sent_at) "
                        "VALUES (:alert, :listing, :now)"
                    ),
                    {"alert": second_id, "listing": ids[0], "now": datetime(2026, 6, 2, 7)},
                )
        return ids

    monkeypatch.setattr(services, "new_matches", sent_by_another_run)
    clock.time = datetime(2026, 6, 2, 7)
    assert services.send_due() == {"alerts checked": 2, "emails sent": 2, "listings sent": 2}
    assert sorted(email.to for email in outbox()) == ["a@example.com", "c@example.com"]  # b: not twice
    assert db.session.get(SearchAlert, second_id).checked_at == T0  # rolled back: it is looked at next run


def test_the_confirmation_email_carries_no_free_text_and_the_confirm_page_shows_the_search(client, pages, outbox):
    words = "Your account will be closed. Keep it open at https://evil.example/login"
    sign_up(client, query=f"q={words}&place=Call 0800 000 000 now&region=london", email="someone.else@example.net")
    [email] = outbox()
    assert "evil.example" not in email.body and "0800" not in email.body and "account" not in email.body
    assert "Region: London" in email.body
    page = pages.get(link(email.body, "confirm"))
    assert "evil.example/login" in page.text and "0800 000 000" in page.text and "London" in page.text


def test_unsubscribing_the_last_alert_deletes_the_addresss_alert_emails(
    client, pages, db, make, reindex, outbox, clock
):
    make.listing(title="Laboratory apprenticeship", published_at=PUBLISHED, updated_at=PUBLISHED)
    reindex()
    first = confirmed_alert(db, query="laboratory", filters={})
    confirmed_alert(db, query="laboratory", filters={"region": ["london"]})
    confirmed_alert(db, email="other@example.org", filters={})
    db.session.add(OutboxEmail(to="resident@example.org", subject="Your shortlist", body="..."))
    db.session.commit()
    clock.time = datetime(2026, 6, 2, 7)
    services.send_due()
    body = [email.body for email in outbox() if email.to == "resident@example.org" and email.headers][-1]
    first_link = f"/alerts/unsubscribe/{token(client.application, 'unsubscribe', first)}"
    page = pages.post(first_link, data={})
    assert "You have 1 other alert" in page.text and "deleted your email address" not in page.text
    assert len([email for email in outbox() if email.to == "resident@example.org"]) == 3  # the other alert's stay
    page = pages.post(link(body, "manage") + "/delete", data={"alert": "all"})
    assert "We have deleted your email address, your alerts" in page.text
    left = [(email.to, email.subject) for email in outbox()]
    assert left == [
        ("resident@example.org", "Your shortlist"),
        ("other@example.org", "1 new listing for your search on the Life Sciences Skills Directory"),
    ]


def test_the_purge_deletes_unconfirmed_alerts_emails_and_clears_old_headers(client, pages, db, outbox):
    from directory.privacy.retention import purge

    sign_up(client, email="never@example.org")
    confirmed_alert(db, email="kept@example.org")
    kept = OutboxEmail(
        to="kept@example.org",
        subject="Digest",
        body="...",
        sent_at=T0,
        created_at=T0,
        headers={"List-Unsubscribe": "<http://127.0.0.1:5000/alerts/unsubscribe/x>"},
    )
    db.session.add(kept)
    db.session.commit()
    created = alerts(db)[0].created_at
    summary = purge(now=created + timedelta(days=8))
    assert summary["unconfirmed alerts deleted"] == 1
    assert [email.to for email in outbox()] == ["kept@example.org"]  # the unsent confirmation is gone too
    assert outbox()[0].headers is None
    notice = pages.get("/privacy").text
    assert "alert emails are deleted, sent or not, when the address's last alert is deleted" in notice
    assert "the body and the unsubscribe link for 30 days" in notice


def test_a_digest_names_and_records_at_most_thirty_listings(db, make, reindex, outbox, clock):
    for n in range(33):
        make.listing(
            title=f"Laboratory course {n}",
            published_at=PUBLISHED + timedelta(minutes=n),
            updated_at=PUBLISHED + timedelta(minutes=n),
        )
    reindex()
    alert = confirmed_alert(db, filters={})
    clock.time = datetime(2026, 6, 2, 7)
    assert services.send_due()["listings sent"] == services.DIGEST_MOST
    [email] = outbox()
    assert email.subject.startswith("33 new listings") and "And 3 more. See them all:" in email.body
    assert "Laboratory course 32" in email.body and "Laboratory course 2\n" not in email.body
    recorded = db.session.scalar(
        sa.select(sa.func.count()).select_from(AlertDelivery).where(AlertDelivery.alert_id == alert.id)
    )
    assert recorded == services.DIGEST_MOST
    clock.forward(days=1)
    assert services.send_due()["listings sent"] == 0  # nothing new, so nothing named again
