"""Test factories: build valid records with sensible defaults; pass only what the test is about."""

from __future__ import annotations

import itertools
from datetime import date

from directory import clock
from directory.accounts.models import User
from directory.listings.models import Listing, Organisation

_counter = itertools.count(1)


class Factories:
    def __init__(self, db):
        self.db = db

    def organisation(self, **fields) -> Organisation:
        n = next(_counter)
        values = {
            "slug": f"organisation-{n}",
            "name": f"Organisation {n}",
            "description": "A provider of life sciences training.",
            "org_type": "college",
            "regions": ["london"],
            "source": "provider",
        }
        values.update(fields)
        organisation = Organisation(**values)
        self.db.session.add(organisation)
        self.db.session.commit()
        return organisation

    def listing(self, *, organisation: Organisation | None = None, region: str | None = None, **fields) -> Listing:
        n = next(_counter)
        organisation = organisation or self.organisation()
        values = {
            "slug": f"listing-{n}",
            "title": f"Laboratory technician apprenticeship {n}",
            "summary": "Train as a laboratory technician while you earn.",
            "description": "A Level 3 apprenticeship in a working laboratory.",
            "provision_type": "apprenticeship",
            "section": "job-focused-training",
            "regions": [region or "london"],
            "levels": ["level-3"],
            "audiences": ["age-16-18", "adults"],
            "costs": ["salaried"],
            "delivery": ["workplace"],
            "topics": ["laboratory-science"],
            "availability": "open",
            "status": "published",
            "source": "provider",
        }
        values.update(fields)
        if values["status"] == "published":
            values.setdefault("published_at", clock.now())
        term_values = {
            name: values.pop(name)
            for name in list(values)
            if name in ("regions", "levels", "audiences", "costs", "delivery", "topics", "study_modes", "funding")
        }
        if values.get("start_dates") and "next_start_date" not in values:
            values["next_start_date"] = date.fromisoformat(min(values["start_dates"]))
        listing = Listing(organisation=organisation, **values)
        for name, codes in term_values.items():
            setattr(listing, name, codes)
        self.db.session.add(listing)
        self.db.session.commit()
        return listing

    def user(self, *, password: str = "correct horse battery staple", **fields) -> User:
        n = next(_counter)
        values = {"email": f"person{n}@example.org", "name": f"Person {n}", "role": "provider"}
        values.update(fields)
        if values["role"] == "provider" and "organisation" not in values and "organisation_id" not in values:
            values["organisation"] = self.organisation()
        user = User(**values)
        user.set_password(password)
        self.db.session.add(user)
        self.db.session.commit()
        return user
