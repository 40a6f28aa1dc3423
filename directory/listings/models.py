"""Organisations (providers) and listings (one piece of provision each, an Open Referral "service")."""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from directory import clock, taxonomy
from directory.extensions import db

# Freshness: a listing asks its provider to re-verify after 12 months; after 18 it leaves search.
VERIFY_AFTER = timedelta(days=365)
STALE_AFTER = timedelta(days=548)

# Multi-valued listing attributes, stored as rows of listing_terms: attribute name -> vocabulary.
TERM_ATTRIBUTES: dict[str, taxonomy.Vocabulary] = {
    "regions": taxonomy.REGIONS,
    "levels": taxonomy.LEVELS,
    "audiences": taxonomy.AUDIENCES,
    "delivery": taxonomy.DELIVERY_MODES,
    "costs": taxonomy.COSTS,
    "topics": taxonomy.TOPICS,
}


def organisation_name_key(name: str | None) -> str | None:
    """'N.H.S. Trust', 'nhs  trust' and 'NHS-Trust' are one name: NFKC, case-folded, letters and digits only."""
    key = re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", name or "").casefold())[:200]
    return key or None


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    # The name as people would confuse it (case, spaces, punctuation ignored): unique, so no provider can take
    # another organisation's name by signing up or editing their profile. Set whenever `name` is.
    name_key: Mapped[str | None] = mapped_column(sa.String(200), unique=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    org_type: Mapped[str] = mapped_column(sa.String(40))
    website: Mapped[str | None] = mapped_column(sa.String(500))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    regions: Mapped[list] = mapped_column(sa.JSON, default=list)
    source: Mapped[str] = mapped_column(sa.String(40), default="provider")
    source_section: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)

    listings: Mapped[list[Listing]] = relationship(back_populates="organisation", order_by="Listing.title")

    EDITABLE_FIELDS = ("name", "description", "org_type", "website", "email", "phone", "regions")

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"

    @validates("name")
    def _keep_name_key(self, _key, name):
        self.name_key = organisation_name_key(name)
        return name

    @property
    def type_label(self) -> str:
        return taxonomy.ORGANISATION_TYPES.label_for(self.org_type)

    def published_listings(self) -> list[Listing]:
        return [listing for listing in self.listings if listing.is_public]

    def snapshot(self) -> dict:
        return {name: _copy(getattr(self, name)) for name in self.EDITABLE_FIELDS}

    def apply(self, data: dict) -> None:
        for name in self.EDITABLE_FIELDS:
            if name in data:
                setattr(self, name, _copy(data[name]))
        self.updated_at = clock.now()


class ListingTerm(db.Model):
    """One vocabulary code attached to a listing (a region, a level, an audience...)."""

    __tablename__ = "listing_terms"
    __table_args__ = (sa.Index("ix_listing_terms_scheme_code", "scheme", "code"),)

    listing_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True)
    scheme: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(60), primary_key=True)


class TermList:
    """A listing attribute that reads and writes one vocabulary's codes as a plain list, in vocabulary order."""

    def __init__(self, scheme: str):
        self.scheme = scheme

    def __get__(self, listing, owner=None):
        if listing is None:
            return self
        vocabulary = TERM_ATTRIBUTES[self.scheme]
        codes = {term.code for term in listing.terms if term.scheme == self.scheme}
        return [code for code in vocabulary.codes() if code in codes]

    def __set__(self, listing, codes):
        wanted = list(dict.fromkeys(codes or []))
        keep = [t for t in listing.terms if t.scheme != self.scheme or t.code in wanted]
        have = {t.code for t in keep if t.scheme == self.scheme}
        keep += [ListingTerm(scheme=self.scheme, code=code) for code in wanted if code not in have]
        listing.terms = keep


class Listing(db.Model):
    __tablename__ = "listings"
    __table_args__ = (
        sa.Index("ix_listings_status_updated", "status", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(160), unique=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.String(300), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    provision_type: Mapped[str] = mapped_column(sa.String(40))
    section: Mapped[str] = mapped_column(sa.String(40))
    eligibility: Mapped[str | None] = mapped_column(sa.Text)
    cost_details: Mapped[str | None] = mapped_column(sa.Text)
    duration: Mapped[str | None] = mapped_column(sa.String(200))
    start_info: Mapped[str | None] = mapped_column(sa.String(300))
    rolling: Mapped[bool] = mapped_column(default=False)
    next_start_date: Mapped[date | None] = mapped_column(sa.Date)
    places: Mapped[list] = mapped_column(sa.JSON, default=list)
    postcode: Mapped[str | None] = mapped_column(sa.String(10))
    address: Mapped[str | None] = mapped_column(sa.String(300))
    latitude: Mapped[float | None] = mapped_column(sa.Float)
    longitude: Mapped[float | None] = mapped_column(sa.Float)
    how_to_apply: Mapped[str | None] = mapped_column(sa.Text)
    url: Mapped[str | None] = mapped_column(sa.String(500))
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(40))
    outcomes: Mapped[list] = mapped_column(sa.JSON, default=list)
    seeks_partners: Mapped[bool] = mapped_column(default=False)
    partner_details: Mapped[str | None] = mapped_column(sa.Text)
    availability: Mapped[str] = mapped_column(sa.String(30), default="open")
    status: Mapped[str] = mapped_column(sa.String(20), default="draft", index=True)
    source: Mapped[str] = mapped_column(sa.String(40), default="provider")
    source_section: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, index=True)
    published_at: Mapped[datetime | None] = mapped_column()
    last_verified_at: Mapped[datetime | None] = mapped_column()

    organisation: Mapped[Organisation] = relationship(back_populates="listings", lazy="joined")
    terms: Mapped[list[ListingTerm]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    regions = TermList("regions")
    levels = TermList("levels")
    audiences = TermList("audiences")
    delivery = TermList("delivery")
    costs = TermList("costs")
    topics = TermList("topics")

    # What a provider can propose; a revision's data and the audit trail use exactly these keys.
    EDITABLE_FIELDS = (
        "title", "summary", "description", "provision_type", "section", "regions", "places", "levels",
        "audiences", "delivery", "costs", "cost_details", "topics", "eligibility", "duration", "start_info",
        "rolling", "next_start_date", "postcode", "address", "how_to_apply", "url", "contact_email",
        "contact_phone", "outcomes", "seeks_partners", "partner_details", "availability",
    )

    def __repr__(self) -> str:
        return f"<Listing {self.slug} {self.status}>"

    # --- state -----------------------------------------------------------------------------------------------
    @property
    def is_public(self) -> bool:
        return self.status == "published"

    @property
    def verified_since(self) -> datetime:
        """When someone last vouched for this listing: verified, else published, else created."""
        return self.last_verified_at or self.published_at or self.created_at

    def needs_verification(self, at: datetime | None = None) -> bool:
        return self.is_public and (at or clock.now()) - self.verified_since >= VERIFY_AFTER

    def is_stale(self, at: datetime | None = None) -> bool:
        return self.is_public and (at or clock.now()) - self.verified_since >= STALE_AFTER

    def is_searchable(self, at: datetime | None = None) -> bool:
        """Published and verified within 18 months: what the search index holds."""
        return self.is_public and not self.is_stale(at)

    # --- labels for pages ------------------------------------------------------------------------------------
    @property
    def type_label(self) -> str:
        return taxonomy.PROVISION_TYPES.label_for(self.provision_type)

    @property
    def section_label(self) -> str:
        return taxonomy.SECTIONS.label_for(self.section)

    @property
    def availability_label(self) -> str:
        return taxonomy.AVAILABILITY.label_for(self.availability)

    @property
    def source_label(self) -> str:
        return taxonomy.SOURCES.label_for(self.source)

    @property
    def is_uk_wide(self) -> bool:
        return taxonomy.UK_WIDE in self.regions

    # --- proposals ---------------------------------------------------------------------------------------------
    def snapshot(self) -> dict:
        """The editable fields as plain JSON-ready values (dates as ISO strings)."""
        data = {}
        for name in self.EDITABLE_FIELDS:
            value = getattr(self, name)
            data[name] = value.isoformat() if hasattr(value, "isoformat") else _copy(value)
        return data

    def apply(self, data: dict) -> None:
        """Set editable fields from a snapshot-shaped dict; keys not given are left alone."""
        for name in self.EDITABLE_FIELDS:
            if name not in data:
                continue
            value = data[name]
            if name == "next_start_date" and isinstance(value, str):
                value = datetime.fromisoformat(value).date() if value else None
            setattr(self, name, _copy(value))
        self.updated_at = clock.now()


def _copy(value):
    return list(value) if isinstance(value, (list, tuple)) else value
