"""On PostgreSQL: a digest run sends each new match once, records it in the same transaction as the outbox email,
and deleting the alert (unsubscribe) removes its record of sent listings by the foreign key's cascade too."""

from datetime import datetime

import pytest
import sqlalchemy as sa

from directory.alerts import services
from directory.alerts.models import AlertDelivery, SearchAlert
from directory.extensions import db
from directory.listings.indexing import reconcile
from directory.mail.models import OutboxEmail
from tests.factories import Factories

pytestmark = pytest.mark.postgres


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_alert_send_on_postgresql_is_idempotent_and_unsubscribe_deletes_its_records(pg_app, clock):
    make = Factories(db)
    published = datetime(2026, 6, 1, 12)
    wanted = make.listing(title="Laboratory apprenticeship", published_at=published, updated_at=published)
    make.listing(title="Laboratory course in Wales", region="wales", published_at=published, updated_at=published)
    reconcile()
    alert = SearchAlert(
        email="resident@example.org",
        query="laboratory",
        place="",
        filters={"region": ["london"]},
        national=True,
        frequency="daily",
        created_at=datetime(2026, 6, 1, 7),
    )
    db.session.add(alert)
    db.session.commit()
    services.confirm(alert, now=datetime(2026, 6, 1, 7))

    clock.time = datetime(2026, 6, 2, 7)
    assert services.send_due()["listings sent"] == 1
    clock.forward(days=1)
    assert services.send_due() == {"alerts checked": 1, "emails sent": 0, "listings sent": 0}
    [email] = db.session.scalars(sa.select(OutboxEmail)).all()
    assert "Laboratory apprenticeship" in email.body and "Wales" not in email.body
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert db.session.scalars(sa.select(AlertDelivery.listing_id)).all() == [wanted.id]

    db.session.execute(sa.delete(SearchAlert).where(SearchAlert.id == alert.id))  # the database's own cascade
    db.session.commit()
    assert count(SearchAlert) == 0 and count(AlertDelivery) == 0


def test_an_alert_another_run_holds_is_skipped_and_the_rest_still_go(pg_app, clock):
    make = Factories(db)
    published = datetime(2026, 6, 1, 12)
    make.listing(title="Laboratory apprenticeship", published_at=published, updated_at=published)
    reconcile()
    alerts = [
        SearchAlert(
            email=f"{name}@example.org",
            query="laboratory",
            place="",
            filters={},
            national=True,
            frequency="daily",
            created_at=datetime(2026, 6, 1, 7),
        )
        for name in ("a", "b", "c")
    ]
    db.session.add_all(alerts)
    db.session.commit()
    for alert in alerts:
        services.confirm(alert, now=datetime(2026, 6, 1, 7))
    held = alerts[1].id
    clock.time = datetime(2026, 6, 2, 7)
    with db.engine.connect() as other:  # another run is sending b's digest: its row is locked
        other.execute(sa.text("SELECT id FROM search_alerts WHERE id = :id FOR UPDATE"), {"id": held})
        assert services.send_due() == {"alerts checked": 2, "emails sent": 2, "listings sent": 2}
        other.rollback()
    assert sorted(db.session.scalars(sa.select(OutboxEmail.to))) == ["a@example.org", "c@example.org"]
    assert services.send_due() == {"alerts checked": 1, "emails sent": 1, "listings sent": 1}  # b's turn now
    assert services.send_due()["alerts checked"] == 0
