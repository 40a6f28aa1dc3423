"""On PostgreSQL, which refuses NUL characters in text: control characters are refused with an error (the one input
policy in directory/forms.py), never a 500, and any other Unicode is stored as typed."""

import pytest
import sqlalchemy as sa

from directory.extensions import db
from directory.public_forms.models import Message
from directory.public_forms.queries import messages_for_organisation
from tests.factories import Factories

pytestmark = pytest.mark.postgres


def test_a_report_with_control_characters_and_unicode_is_stored(pg_app):
    listing = Factories(db).listing()
    client = pg_app.test_client()
    refused = client.post(
        f"/listings/{listing.slug}/report", data={"problem": "Dates\x00 wrong", "email": "a@example.org\x00"}
    )
    assert refused.status_code == 200 and "There is a problem" in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 0
    response = client.post(
        f"/listings/{listing.slug}/report", data={"problem": "Dates wrong — 名前 \U0001f9ea", "email": "a@example.org"}
    )
    assert response.status_code == 302
    (message,) = messages_for_organisation(listing.organisation_id)
    assert message.body == "Dates wrong — 名前 \U0001f9ea" and message.email == "a@example.org"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 1
