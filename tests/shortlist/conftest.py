"""Shortlist and alerts fixtures: the outbox and sign-in helpers the accounts tests share."""

from tests.accounts.conftest import outbox, quick_password_hashing, sign_in  # noqa: F401  (shared fixtures)
from tests.search.conftest import reindex  # noqa: F401
