from tests.accounts.conftest import outbox, quick_password_hashing  # noqa: F401  (shared fixtures)
