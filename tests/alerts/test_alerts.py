"""Email alerts for a search: sign up from /search, double opt-in, digests without duplicates, one-click
unsubscribe, seeing and deleting one's alerts, and the unconfirmed ones purged."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
import sqlalchemy as sa

from directory.alerts import services
from directory.alerts.models import AlertDelivery, SearchAlert

T0 = datetime(2026, 6, 1, 7, 0)


def link(body: str, kind: str) -> str:
    """The path of the first /alerts/<kind>/ link in an email body."""
    return re.search(rf"http://127\.0\.0\.1:5000(/alerts/{kind}/\S+)", body).group(1)


def alerts(db) -> list[SearchAlert]:
    return list(db.session.scalars(sa.select(SearchAlert).order_by(SearchAlert.id)))


def sign_up(client, query="q=laboratory&region=london", email="Resident@Example.org", frequency="daily"):
    return client.post(f"/alerts/new?{query}", data={"email": email, "frequency": frequency})


def test_search_offers_an_alert_for_the_same_search(pages, make, reindex):
    make.listing(title="Laboratory apprenticeship")
    reindex()
    page = pages.get("/search?q=laboratory&region=london")
    href = page.link_to("Get an email when new listings match this search")
    assert href == "/alerts/new?q=laboratory&region=london"


def test_the_sign_up_page_shows_the_search_cleaned_by_searchs_allowlist(pages):
    page = pages.get("/alerts/new?q=laboratory&region=london&region=narnia&colour=blue&cost=free")
    assert page.h1 == "Get an email when new listings match this search"
    assert "Keywords “laboratory”" in page and "Region London" in page and "Cost Free" in page
    shown = page.html.split('class="govuk-summary-list govuk-summary-list--no-border app-alert-search"')[1]
    shown = shown.split("</dl>")[0]
    assert "narnia" not in shown.lower() and "blue" not in shown
    assert page.link_to("Back to the search") == "/search?q=laboratory&region=london&cost=free"


def test_a_bad_sign_up_keeps_the_values_and_says_what_is_wrong(client, pages, db, outbox):
    page = pages.post("/alerts/new?q=lab", data={"email": "nobody", "frequency": ""}, status=200)
    assert page.title.startswith("Error: ")
    assert "Enter email address in the correct format" in page and "Select how often we should email you" in page
    assert 'href="#email"' in page.html and 'value="nobody"' in page.html
    assert alerts(db) == [] and outbox() == []


def test_signing_up_stores_only_the_address_and_the_cleaned_search_and_emails_a_confirmation(client, db, outbox):
    response = sign_up(client, "q=laboratory&region=london&region=narnia&sort=newest&page=3&bogus=1")
    assert response.status_code == 303 and response.headers["Location"] == "/alerts/check-email"
    [alert] = alerts(db)
    assert (alert.email, alert.query, alert.place, alert.filters) == (
        "resident@example.org",
        "laboratory",
        "",
        {"region": ["london"]},
    )
    assert alert.confirmed_at is None and alert.frequency == "daily"
    [email] = outbox()
    assert email.to == "resident@example.org"
    assert email.subject == "Confirm your email alert from the Life Sciences Skills Directory"
    assert "Region: London" in email.body and "laboratory" not in email.body  # no free text to a stranger
    assert email.headers["List-Unsubscribe"] == f"<http://127.0.0.1:5000{link(email.body, 'unsubscribe')}>"
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_confirmation_link_asks_and_only_the_button_confirms(client, pages, db, outbox):
    sign_up(client)
    confirm = link(outbox()[0].body, "confirm")
    page = pages.get(confirm)
    assert page.h1 == "Confirm your email alert" and "Daily emails to resident@example.org" in page
    assert alerts(db)[0].confirmed_at is None  # a mail scanner opening the link confirms nothing
    response = client.post(confirm)
    assert response.status_code == 303 and "/alerts/manage/" in response.headers["Location"]
    assert alerts(db)[0].confirmed_at is not None
    manage = pages.get(response.headers["Location"])
    assert "Your alert is set up" in manage and "Daily alert" in manage


def test_a_confirmation_link_stops_working_after_7_days_and_a_forged_one_never_works(
    client, pages, outbox, monkeypatch
):
    from itsdangerous.timed import TimestampSigner

    sign_up(client)
    confirm = link(outbox()[0].body, "confirm")
    assert pages.get(confirm[:-3] + "abc", status=404).h1 == "This link does not work"
    later = TimestampSigner.get_timestamp(None) + 8 * 24 * 3600
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    assert pages.get(confirm, status=404).h1 == "This link does not work"


def confirmed_alert(db, query="laboratory", filters=None, frequency="daily", email="resident@example.org"):
    alert = SearchAlert(
        email=email,
        query=query,
        place="",
        filters=filters or {"region": ["london"]},
        distance=None,
        national=True,
        frequency=frequency,
        created_at=T0,
    )
    db.session.add(alert)
    db.session.commit()
    services.confirm(alert, now=T0)
    return alert


def test_a_digest_sends_new_matches_once_and_a_second_run_sends_nothing_again(db, make, reindex, outbox, clock):
    make.listing(
        title="Laboratory course published before the alert",
        published_at=datetime(2026, 5, 1),
        updated_at=datetime(2026, 5, 1),
    )
    fresh = make.listing(
        title="Laboratory apprenticeship", published_at=datetime(2026, 6, 1, 12), updated_at=datetime(2026, 6, 1, 12)
    )
    make.listing(
        title="Laboratory course in Wales",
        region="wales",
        published_at=datetime(2026, 6, 1, 12),
        updated_at=datetime(2026, 6, 1, 12),
    )
    reindex()
    alert = confirmed_alert(db)
    clock.time = datetime(2026, 6, 2, 7, 0)
    assert services.send_due() == {"alerts checked": 1, "emails sent": 1, "listings sent": 1}
    [email] = outbox()
    assert email.subject == "1 new listing for your search on the Life Sciences Skills Directory"
    assert "Laboratory apprenticeship" in email.body and f"/listings/{fresh.slug}" in email.body
    assert "before the alert" not in email.body and "Wales" not in email.body
    assert "http://127.0.0.1:5000/search?q=laboratory&region=london" in email.body
    assert email.headers == {
        "List-Unsubscribe": f"<http://127.0.0.1:5000{link(email.body, 'unsubscribe')}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }
    assert "/alerts/manage/" in email.body
    assert services.send_due() == {"alerts checked": 0, "emails sent": 0, "listings sent": 0}  # not due again yet

    clock.forward(days=1)
    fresh.updated_at = clock.time  # changed again: still never sent twice
    db.session.commit()
    reindex()
    assert services.send_due() == {"alerts checked": 1, "emails sent": 0, "listings sent": 0}
    assert len(outbox()) == 1
    newer = make.listing(
        title="Laboratory skills short course", published_at=clock.forward(hours=1), updated_at=clock.time
    )
    reindex()
    clock.forward(days=1)
    assert services.send_due()["listings sent"] == 1
    last = outbox()[-1].body
    assert "Laboratory skills short course" in last and "Laboratory apprenticeship" not in last
    sent = set(db.session.scalars(sa.select(AlertDelivery.listing_id).where(AlertDelivery.alert_id == alert.id)))
    assert sent == {fresh.id, newer.id}


def test_weekly_alerts_wait_a_week_and_unconfirmed_ones_send_nothing(db, make, reindex, outbox, clock):
    make.listing(
        title="Laboratory apprenticeship", published_at=datetime(2026, 6, 1, 12), updated_at=datetime(2026, 6, 1, 12)
    )
    reindex()
    confirmed_alert(db, frequency="weekly")
    db.session.add(
        SearchAlert(
            email="later@example.org",
            query="laboratory",
            place="",
            filters={},
            national=True,
            frequency="daily",
            created_at=T0,
        )
    )
    db.session.commit()
    clock.time = datetime(2026, 6, 3, 7, 0)
    assert services.send_due()["alerts checked"] == 0
    clock.time = datetime(2026, 6, 8, 7, 0)
    assert services.send_due() == {"alerts checked": 1, "emails sent": 1, "listings sent": 1}
    assert [email.to for email in outbox()] == ["resident@example.org"]


def test_the_cron_command_sends_and_reports(db, make, reindex, runner, outbox, clock):
    make.listing(
        title="Laboratory apprenticeship", published_at=datetime(2026, 6, 1, 12), updated_at=datetime(2026, 6, 1, 12)
    )
    reindex()
    confirmed_alert(db)
    clock.time = datetime(2026, 6, 2, 7, 0)
    result = runner.invoke(args=["alerts", "send"])
    assert result.exit_code == 0, result.output
    assert "Alerts: 1 alerts checked, 1 emails sent, 1 listings sent." in result.output
    result = runner.invoke(args=["alerts", "send"])
    assert "0 emails sent" in result.output and len(outbox()) == 1


def test_one_click_unsubscribe_posts_without_a_form_token_and_deletes_everything(
    app, client, pages, db, make, reindex, outbox, clock
):
    make.listing(
        title="Laboratory apprenticeship", published_at=datetime(2026, 6, 1, 12), updated_at=datetime(2026, 6, 1, 12)
    )
    reindex()
    alert = confirmed_alert(db)
    clock.time = datetime(2026, 6, 2, 7, 0)
    services.send_due()
    unsubscribe = link(outbox()[-1].body, "unsubscribe")
    assert pages.get(unsubscribe).h1 == "Unsubscribe from this alert"
    app.config["WTF_CSRF_ENABLED"] = True  # a mail program's POST has no form token: the signed link is enough
    response = client.post(unsubscribe, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "You are unsubscribed" in response.get_data(as_text=True)
    assert alerts(db) == [] and db.session.scalar(sa.select(sa.func.count()).select_from(AlertDelivery)) == 0
    assert client.post(unsubscribe).status_code == 200  # again: still unsubscribed, nothing to delete
    assert pages.get(unsubscribe).h1 == "You are unsubscribed"
    assert pages.get("/alerts/unsubscribe/not-a-token", status=404).h1 == "This link does not work"
    assert client.post("/alerts/unsubscribe/not-a-token").status_code == 404
    assert alert.id  # (the object is gone from the database, not from memory)


def test_the_manage_page_lists_and_deletes_ones_own_alerts_only(client, pages, db):
    first = confirmed_alert(db, query="laboratory")
    second = confirmed_alert(db, query="bioinformatics", filters={"cost": ["free"]})
    other = confirmed_alert(db, query="genomics", email="someone.else@example.org")
    from directory.alerts.tokens import make_token

    with client.application.test_request_context():
        token = make_token("manage", first)
    page = pages.get(f"/alerts/manage/{token}")
    assert page.h1 == "Your email alerts" and "“laboratory”" in page and "“bioinformatics”" in page
    assert "genomics" not in page
    assert client.post(f"/alerts/manage/{token}/delete", data={"alert": other.id}).status_code == 400
    response = client.post(f"/alerts/manage/{token}/delete", data={"alert": first.id})
    assert response.status_code == 303
    after = pages.get(response.headers["Location"])
    assert "The alert is deleted" in after and "laboratory" not in after.text and "bioinformatics" in after.text
    assert [alert.id for alert in alerts(db)] == [second.id, other.id]
    assert pages.get(f"/alerts/manage/{token}", status=404).h1 == "This link does not work"  # its alert is gone
    with client.application.test_request_context():
        token = make_token("manage", second)
    last = client.post(f"/alerts/manage/{token}/delete", data={"alert": "all"})
    assert "You are unsubscribed" in last.get_data(as_text=True)
    assert [alert.id for alert in alerts(db)] == [other.id]


def test_unconfirmed_alerts_are_purged_after_7_days_and_the_notice_says_so(db, pages):
    from datetime import timedelta

    from directory.privacy.retention import purge

    db.session.add_all(
        [
            SearchAlert(
                email="old@example.org", query="", place="", filters={}, national=True, frequency="daily", created_at=T0
            ),
            SearchAlert(
                email="new@example.org",
                query="",
                place="",
                filters={},
                national=True,
                frequency="daily",
                created_at=T0 + timedelta(days=6),
            ),
        ]
    )
    db.session.commit()
    confirmed_alert(db)
    summary = purge(now=T0 + timedelta(days=8))
    assert summary["unconfirmed alerts deleted"] == 1
    assert sorted(alert.email for alert in alerts(db)) == ["new@example.org", "resident@example.org"]
    notice = pages.get("/privacy")
    assert "Email alerts (your email address, the search you saved" in notice
    assert "an alert not confirmed within 7 days is deleted" in notice


@pytest.mark.parametrize(
    "path", ["/alerts/confirm/x", "/alerts/manage/x", "/alerts/unsubscribe/x", "/alerts/confirm/" + "a" * 3000]
)
def test_broken_links_are_a_clear_page_not_a_500(pages, path):
    assert pages.get(path, status=404).h1 == "This link does not work"


def test_a_listing_that_reached_the_index_just_after_a_run_goes_in_the_next_digest(db, make, reindex, outbox, clock):
    confirmed_alert(db)
    clock.time = datetime(2026, 6, 2, 7, 0)
    late = make.listing(
        title="Laboratory apprenticeship",
        published_at=datetime(2026, 6, 2, 6, 50),
        updated_at=datetime(2026, 6, 2, 6, 50),
    )
    assert services.send_due()["listings sent"] == 0  # published ten minutes ago, but not in the index yet
    reindex()
    clock.forward(days=1)
    assert services.send_due()["listings sent"] == 1 and late.title in outbox()[-1].body
    clock.forward(days=1)
    assert services.send_due()["listings sent"] == 0
