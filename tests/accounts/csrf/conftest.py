"""These tests run with CSRF protection switched ON (the rest of the suite switches it off for convenience)."""

import pytest

from tests.accounts.conftest import outbox, quick_password_hashing, sign_in  # noqa: F401
from tests.conftest import make_test_config


@pytest.fixture
def app_config(tmp_path):
    return make_test_config(tmp_path, f"sqlite:///{tmp_path / 'test.sqlite3'}", WTF_CSRF_ENABLED=True)
