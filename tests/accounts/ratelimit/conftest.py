"""These tests run with rate limits switched ON, each with its own counter namespace."""

import uuid

import pytest

from tests.accounts.conftest import outbox, quick_password_hashing, sign_in  # noqa: F401
from tests.conftest import make_test_config


@pytest.fixture
def app_config(tmp_path):
    return make_test_config(
        tmp_path,
        f"sqlite:///{tmp_path / 'test.sqlite3'}",
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}",
    )
