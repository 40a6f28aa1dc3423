"""The password rules: long enough, not a well-known password, not the person's own email address."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

MIN_LENGTH = 12
MAX_LENGTH = 1000
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, email: str = "") -> str | None:
    """The GOV.UK-worded reason a password cannot be used, or None when it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    squashed = password.lower()
    if squashed in common_passwords() or squashed.strip(" !.?1234567890") in common_passwords():
        return "Password is too easy to guess: it is on a list of common passwords. Choose a different one"
    if len(set(squashed)) < 4:
        return "Password is too easy to guess: use more different characters"
    if email and email.strip().lower() in squashed:
        return "Password must not contain your email address"
    return None
