from tests.accounts.conftest import outbox, quick_password_hashing, sign_in  # noqa: F401  (shared fixtures)
