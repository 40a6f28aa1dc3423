"""The shortlist email and alert sign-up are rate-limited with the site's limiter: the sixth post in a minute
from one address is refused with 429 and sends nothing."""

import uuid

import pytest

from tests.conftest import make_test_config


@pytest.fixture
def app_config(tmp_path):
    return make_test_config(
        tmp_path,
        f"sqlite:///{tmp_path / 'test.sqlite3'}",
        RATELIMIT_ENABLED=True,
        RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}",
    )


def test_emailing_a_shortlist_is_rate_limited(client, make, outbox):
    client.post("/shortlist", data={"add": make.listing().id})
    answers = [client.post("/shortlist/email", data={"email": f"me{n}@example.org"}).status_code for n in range(6)]
    assert answers == [303] * 5 + [429] and len(outbox()) == 5


def test_alert_sign_up_is_rate_limited(client, outbox):
    answers = [
        client.post("/alerts/new?q=lab", data={"email": f"p{n}@example.org", "frequency": "daily"}).status_code
        for n in range(6)
    ]
    assert answers == [303] * 5 + [429] and len(outbox()) == 5
