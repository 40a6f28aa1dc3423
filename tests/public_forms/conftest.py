from tests.accounts.conftest import outbox, sign_in  # noqa: F401  (shared fixtures)
