"""Fixtures for the submission, moderation and dashboard tests: signed-in providers and moderators, valid answers."""

from __future__ import annotations

import pytest
from flask import g
from jinja2 import BytecodeCache


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept for the whole test session: each test builds a new app, and compiling the long
    listing form's GOV.UK macros afresh took most of a second per test."""

    def __init__(self):
        self.store = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _MemoryBytecodeCache()


@pytest.fixture
def app(app):
    app.jinja_env.bytecode_cache = _TEMPLATES
    return app


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch):
    """These tests make many users and never test passwords: a cheap argon2 setting saves ~0.3 s per user."""
    from argon2 import PasswordHasher

    from directory.accounts import models

    monkeypatch.setattr(models, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1), raising=False)


@pytest.fixture
def sign_in(client):
    """sign_in(user): make the test client act as this user (Flask-Login's session keys)."""

    def _sign_in(user):
        with client.session_transaction() as session:
            session["_user_id"] = str(user.id)
            session["_fresh"] = True
        # The test's app context outlives each request, so forget the user Flask-Login cached on `g`.
        g.pop("_login_user", None)
        return user

    return _sign_in


@pytest.fixture
def provider(make, sign_in):
    """A signed-in provider whose organisation is `provider.organisation`."""
    return sign_in(make.user(role="provider", name="Priya Provider"))


@pytest.fixture
def moderator(make):
    return make.user(role="moderator", name="Mo Moderator", organisation=None)


@pytest.fixture
def answers():
    """Form data for a complete, valid listing: what a person would send. Copy and change what a test is about."""
    return {
        "title": "Bioscience technician apprenticeship",
        "summary": "Earn a wage while you train in a bioscience laboratory.",
        "description": "Work in a real laboratory.\n\nStudy one day a week at college.",
        "provision_type": "apprenticeship",
        "section": "job-focused-training",
        "regions": ["wales", "south-west"],
        "places": "Cardiff\nBristol",
        "levels": ["level-3"],
        "audiences": ["age-16-18", "adults"],
        "delivery": ["workplace"],
        "costs": ["salaried"],
        "cost_details": "Paid at least the apprentice wage.",
        "topics": ["laboratory-science"],
        "eligibility": "You need GCSE maths and English.",
        "duration": "2 years",
        "start_info": "Every September",
        "postcode": "cf10 3at",
        "address": "Cathays Park, Cardiff",
        "how_to_apply": "Apply on our website.",
        "url": "https://www.example.org/apprenticeship",
        "contact_email": "apprenticeships@example.org",
        "contact_phone": "029 2000 0000",
        "outcomes": "40 apprentices in 2024\n90% stayed in the sector",
        "seeks_partners": "y",
        "partner_details": "Host an apprentice in your laboratory.",
        "availability": "open",
        "action": "preview",
    }
