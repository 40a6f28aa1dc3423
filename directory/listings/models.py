"""Organisations (providers) and listings (one piece of provision each, an Open Referral "service")."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from directory import clock, geography, public_ids, taxonomy
from directory.extensions import db
from directory.listings import fields
from directory.listings.rules import ListingRules

# The multi-valued attributes seed records carry, stored (like every "codes" field) as rows of listing_terms.
TERM_ATTRIBUTES: dict[str, taxonomy.Vocabulary] = {
    name: fields.BY_NAME[name].vocabulary for name in ("regions", "levels", "audiences", "delivery", "costs", "topics")
}


def organisation_name_key(name: str | None) -> str | None:
    """'N.H.S. Trust', 'nhs  trust' and 'NHS-Trust' are one name: NFKC, case-folded, letters and digits only."""
    key = re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", name or "").casefold())[:200]
    return key or None


class Organisation(db.Model):
    __tablename__ = "organisations"
    __table_args__ = (sa.Index("ix_organisations_name_id", "name", "id"),)  # the API's list order

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    # The API's id, derived from the slug (public_ids) when the slug is set and stored so one indexed lookup finds it.
    uuid: Mapped[str | None] = mapped_column(sa.String(36), unique=True)
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

    @validates("slug")
    def _keep_uuid(self, _key, slug):
        self.uuid = public_ids.organization_id(slug)
        return slug

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

    def __init__(self, scheme: str, vocabulary: taxonomy.Vocabulary):
        self.scheme = scheme
        self.vocabulary = vocabulary

    def __get__(self, listing, owner=None):
        if listing is None:
            return self
        codes = {term.code for term in listing.terms if term.scheme == self.scheme}
        return [code for code in self.vocabulary.codes() if code in codes]

    def __set__(self, listing, codes):
        wanted = list(dict.fromkeys(codes or []))
        keep = [t for t in listing.terms if t.scheme != self.scheme or t.code in wanted]
        have = {t.code for t in keep if t.scheme == self.scheme}
        keep += [ListingTerm(scheme=self.scheme, code=code) for code in wanted if code not in have]
        listing.terms = keep


class ListingVenue(db.Model):
    """A place where a listing runs: name, address and postcode, with the postcode district's coordinates (filled
    from the postcode whenever it is set; Northern Ireland and unknown districts have none)."""

    __tablename__ = "listing_venues"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    postcode: Mapped[str] = mapped_column(sa.String(10), default="")
    latitude: Mapped[float | None] = mapped_column(sa.Float)
    longitude: Mapped[float | None] = mapped_column(sa.Float)

    FIELDS = ("name", "address", "postcode")

    def as_dict(self) -> dict:
        return {"name": self.name, "address": self.address, "postcode": self.postcode}


class VenueList:
    """A listing's venues read and written as plain [{name, address, postcode}] in order (rows replaced on write)."""

    def __get__(self, listing, owner=None):
        if listing is None:
            return self
        return [venue.as_dict() for venue in listing.venue_rows]

    def __set__(self, listing, venues):
        rows = []
        for n, venue in enumerate(venues or []):
            values = {name: " ".join(str(venue.get(name) or "").split()) for name in ListingVenue.FIELDS}
            rows.append(ListingVenue(position=n, **{**values, "postcode": values["postcode"].upper()}))
        listing.venue_rows = rows


# Text up to this many characters is stored as VARCHAR(limit), longer text as TEXT.
VARCHAR_UP_TO = 500


def field_attribute(spec: fields.Field):
    """How a listing stores one field of the table: a column for most kinds, its own rows for codes and venues.
    A field someone must answer before review is NOT NULL (text defaulting to "")."""
    if spec.kind == "codes":
        return TermList(spec.name, spec.vocabulary)
    if spec.kind == "venues":
        return VenueList()
    if spec.kind in ("lines", "dates"):  # dates: ISO strings, soonest first
        return mapped_column(sa.JSON, default=list, nullable=False)
    if spec.kind == "bool":
        return mapped_column(sa.Boolean, default=False, nullable=False)
    required = bool(spec.required)
    if spec.kind == "code":
        return mapped_column(sa.String(spec.limit or 40), default=spec.default, nullable=not required)
    column_type = {"date": sa.Date, "number": sa.Float, "pounds": sa.Float, "postcode": sa.String(10)}.get(spec.kind)
    if column_type is None:  # text
        column_type = sa.String(spec.limit) if spec.limit and spec.limit <= VARCHAR_UP_TO else sa.Text
    return mapped_column(column_type, default="" if required else None, nullable=not required)


# Listing's field attributes, one per entry of the table, as a mixin declarative maps with the class.
ListingFields = type("ListingFields", (), {spec.name: field_attribute(spec) for spec in fields.FIELDS})


class Listing(ListingFields, ListingRules, db.Model):
    """One piece of provision. Its fields (title, regions, start dates...) come from the field table through
    ListingFields; the columns here are the listing's identity, state and provenance."""

    __tablename__ = "listings"
    __table_args__ = (
        sa.Index("ix_listings_status_updated", "status", "updated_at"),
        sa.Index("ix_listings_status_title_id", "status", "title", "id"),  # the API's list order, and exports'
        sa.Index("ix_listings_status_slug", "status", "slug"),  # the sitemap's files
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(160), unique=True)
    # The API's ids, derived from the slug (public_ids) whenever it is set, and stored so that each is one indexed
    # lookup: the service's, and its service-at-location entries' (at its address; online).
    uuid: Mapped[str | None] = mapped_column(sa.String(36), unique=True)
    address_entry_uuid: Mapped[str | None] = mapped_column(sa.String(36), unique=True)
    online_entry_uuid: Mapped[str | None] = mapped_column(sa.String(36), unique=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    # The postcode district's centre, set whenever the postcode is (see _geocode_postcode).
    latitude: Mapped[float | None] = mapped_column(sa.Float)
    longitude: Mapped[float | None] = mapped_column(sa.Float)
    # The first start date on or after the day the listing last changed, derived from start_dates on every change,
    # so SQL and older readers keep one date to sort by.
    next_start_date: Mapped[date | None] = mapped_column(sa.Date)
    # The sentence that shows the availability, and the date it speaks for (seeded records; None = not given).
    availability_evidence: Mapped[str | None] = mapped_column(sa.Text)
    availability_as_of: Mapped[date | None] = mapped_column(sa.Date)
    kind: Mapped[str] = mapped_column(sa.String(20), default="provision", server_default="provision", index=True)
    scope_note: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(20), default=taxonomy.DRAFT, index=True)
    source: Mapped[str] = mapped_column(sa.String(40), default="provider")
    source_section: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, index=True)
    published_at: Mapped[datetime | None] = mapped_column()
    last_verified_at: Mapped[datetime | None] = mapped_column()

    organisation: Mapped[Organisation] = relationship(back_populates="listings", lazy="joined")
    terms: Mapped[list[ListingTerm]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    venue_rows: Mapped[list[ListingVenue]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ListingVenue.position"
    )
    # What a provider can propose (the field table's names); a revision's data and the audit trail use these keys.
    EDITABLE_FIELDS = tuple(spec.name for spec in fields.FIELDS)

    def __repr__(self) -> str:
        return f"<Listing {self.slug} {self.status}>"

    @validates("slug")
    def _keep_uuids(self, _key, slug):
        self.uuid = public_ids.service_id(slug)
        self.address_entry_uuid = public_ids.service_at_location_id(slug, "physical")
        self.online_entry_uuid = public_ids.service_at_location_id(slug, "virtual")
        return slug

    # --- state (published, verified since, needs verification, stale, searchable: rules.py) --------------------
    @property
    def source_date(self) -> taxonomy.SourceDate | None:
        return taxonomy.source_date(self.source)

    @property
    def is_initiative(self) -> bool:
        return self.kind == "initiative"

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

    def upcoming_start_dates(self, today: date | None = None) -> list[date]:
        """The start dates from today on, soonest first (past ones stay stored but are not shown as coming)."""
        today = today or clock.now().date()
        return [day for day in parse_dates(self.start_dates) if day >= today]

    def next_start(self, today: date | None = None) -> date | None:
        upcoming = self.upcoming_start_dates(today)
        return upcoming[0] if upcoming else None

    @property
    def scope_label(self) -> str:
        """ "Available across the UK", "Great Britain", "England only", or "" for regional provision."""
        return geography.scope_label(self.regions)

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
            if fields.BY_NAME[name].kind == "date" and isinstance(value, str):
                value = datetime.fromisoformat(value).date() if value else None
            setattr(self, name, _copy(value))
        if "start_dates" not in data and data.get("next_start_date"):  # a snapshot saved before start_dates
            self.start_dates = [str(data["next_start_date"])[:10]]
        self.start_dates = [day.isoformat() for day in parse_dates(self.start_dates)]
        self.next_start_date = self.next_start() or None
        self.updated_at = clock.now()


def _geocode_postcode(target, value, oldvalue, initiator):
    """Coordinates follow the postcode, whoever sets it (form, CSV upload, seed loader, API): the postcode
    district's centroid, or none for Northern Ireland and unknown districts."""
    district = geography.district_for(value)
    target.latitude = district.latitude if district else None
    target.longitude = district.longitude if district else None


sa.event.listen(Listing.postcode, "set", _geocode_postcode)
sa.event.listen(ListingVenue.postcode, "set", _geocode_postcode)


def parse_dates(values) -> list[date]:
    """ISO date strings (or dates) as sorted, distinct dates; anything unreadable is dropped."""
    days = set()
    for value in values or []:
        try:
            days.add(value if isinstance(value, date) else date.fromisoformat(str(value)[:10]))
        except ValueError:
            continue
    return sorted(days)


def _copy(value):
    return list(value) if isinstance(value, (list, tuple)) else value


class SlugRedirect(db.Model):
    """A retired listing slug (e.g. a merged duplicate) and the listing it now belongs to: answered with a 301."""

    __tablename__ = "slug_redirects"

    old_slug: Mapped[str] = mapped_column(sa.String(160), primary_key=True)
    listing_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id", ondelete="CASCADE"), index=True)
