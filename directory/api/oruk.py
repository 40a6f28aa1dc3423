"""Listings, organisations and vocabularies turned into Open Referral UK 3.0 (HSDS 3.0) objects.

Plain functions from our records to JSON-ready dicts. Optional fields are left out when we have no value, never sent
as null; web addresses and emails are published only when they are well formed. Absolute links start with the
site's public address (`site`), so they are the same whichever host served the request.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from directory import public_ids as ids
from directory import taxonomy
from directory.api.taxonomies import API_PREFIX, TermRef, taxonomy_term, term_ref
from directory.listings import fields
from directory.listings.models import Listing, Organisation

# Our availability -> the service statuses the standard allows.
STATUS_BY_AVAILABILITY = {
    "open": "active",
    "planned": "inactive",
    # The standard has no "unknown": a record whose source does not show it running today is not claimed active.
    "not-confirmed": "inactive",
    "temporarily-closed": "temporarily closed",
    "ended": "defunct",
}

# Where the field table's `oruk` entries send a field. "service.<property>" is a property of the service: one field
# mapped there alone is written as it is (web addresses and emails only when well formed); the properties in
# SERVICE_PROPERTIES below are made from several fields. "attributes" publishes a vocabulary field's codes as
# attributes; the other targets are the lists made by the functions of the same name.
TARGETS = ("attributes", "service_areas", "cost_options", "schedules", "service_at_locations")
# The fields whose codes are published as attributes, in the table's order (regions are service areas and costs
# are cost options instead).
ATTRIBUTE_FIELDS = tuple(spec for spec in fields.FIELDS if "attributes" in spec.oruk)

ONLINE_DELIVERY = {"online", "blended"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


def web_address(value: str | None) -> str | None:
    """The value if it is an absolute http(s) address, else None."""
    if not value:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme in ("http", "https") and parts.netloc and " " not in value.strip():
        return value.strip()
    return None


def email_address(value: str | None) -> str | None:
    if value and _EMAIL.match(value.strip()):
        return value.strip()
    return None


def timestamp(value) -> str:
    """A stored UTC datetime as RFC 3339, e.g. 2026-11-26T18:50:00Z."""
    return value.replace(microsecond=0).isoformat() + "Z"


def _compact(data: dict) -> dict:
    """Leave out optional fields we have no value for (the standard prefers absent to null or empty)."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


# --- organisations -------------------------------------------------------------------------------------------------


def organization(site: str, org: Organisation, full: bool = False) -> dict:
    data = _compact(
        {
            "id": ids.organization_id(org.slug),
            "name": org.name,
            "description": org.description or org.name,
            "email": email_address(org.email),
            "website": web_address(org.website),
            "uri": f"{site}/providers/{org.slug}",
        }
    )
    if full:
        ref = term_ref(taxonomy.ORGANISATION_TYPES, org.org_type)
        data["attributes"] = [_attribute(site, org.slug, data["id"], "organization", ref)] if ref else []
        data = _compact(data)
    return data


# --- listings as services ------------------------------------------------------------------------------------------


def service(site: str, listing: Listing, full: bool = False) -> dict:
    """A listing as a service: the one-to-one fields, and with `full` every nested list as well."""
    sid = ids.service_id(listing.slug)
    data = _compact(
        {
            "id": sid,
            "organization_id": ids.organization_id(listing.organisation.slug),
            **service_properties(listing),
            "assured_date": listing.last_verified_at.date().isoformat() if listing.last_verified_at else None,
            "last_modified": timestamp(listing.updated_at),
            "organization": organization(site, listing.organisation),
        }
    )
    if not full:
        return data
    data.update(
        _compact(
            {
                "service_areas": service_areas(site, listing),
                "cost_options": cost_options(listing),
                "attributes": attributes(site, listing),
                "schedules": schedules(listing),
                "service_at_locations": [
                    {key: value for key, value in sal.items() if key != "service"}
                    for sal in service_at_locations(listing)
                ],
            }
        )
    )
    return data


def minimal_service(listing: Listing) -> dict:
    """`minimal=true`: the fields the standard requires of a service, and when it last changed."""
    return {
        "id": ids.service_id(listing.slug),
        "name": listing.title,
        "status": STATUS_BY_AVAILABILITY.get(listing.availability, "active"),
        "last_modified": timestamp(listing.updated_at),
    }


def service_properties(listing: Listing) -> dict:
    """The service's properties that come from the listing's fields, in SERVICE_ORDER and then the table's order:
    SERVICE_PROPERTIES' own, and each property the table maps a field to ("service.<property>")."""
    values = {name: make(listing) for name, make in SERVICE_PROPERTIES.items()}
    for spec in fields.FIELDS:
        for target in spec.oruk:
            name = target.removeprefix("service.")
            if target.startswith("service.") and name not in SERVICE_PROPERTIES:
                values[name] = _plain(listing, spec)
    return {name: values[name] for name in fields.ordered(SERVICE_ORDER, values, name=str)}


def _plain(listing: Listing, spec: fields.Field):
    """A field mapped alone to a service property, as the standard takes it (None is left out)."""
    value = getattr(listing, spec.name)
    if spec.kind == "url":
        return web_address(value)
    if spec.kind == "email":
        return email_address(value)
    return value.isoformat() if hasattr(value, "isoformat") else value


def _description(listing: Listing) -> str:
    parts = [listing.summary or "", listing.description or ""]
    return "\n\n".join(part.strip() for part in parts if part and part.strip()) or listing.title


def _fees(listing: Listing) -> str | None:
    labels = ", ".join(taxonomy.COSTS.label_for(code) for code in listing.costs)
    return ". ".join(part for part in (labels, (listing.cost_details or "").strip()) if part) or None


# Service properties made from more than one field, or from a field in a way of their own.
SERVICE_PROPERTIES = {
    "description": _description,  # summary and description
    "status": lambda listing: STATUS_BY_AVAILABILITY.get(listing.availability, "active"),  # the standard's words
    "fees": _fees,  # cost labels and details
}
# The order a service's properties are written in; one the table adds comes after these.
SERVICE_ORDER = ("name", "description", "url", "email", "status", "fees")


def service_areas(site: str, listing: Listing) -> list[dict]:
    areas = []
    for code in listing.regions:
        ref = term_ref(taxonomy.REGIONS, code)
        if ref:
            areas.append(
                {
                    "id": ids.part_id("service_area", listing.slug, "region", code),
                    "service_id": ids.service_id(listing.slug),
                    "name": ref.term.label,
                    "service_area": ref.term.description,
                    "extent_type": "region",
                    "uri": f"{site}{API_PREFIX}/taxonomy_terms/{ref.id}",
                }
            )
    for place in listing.places or []:
        areas.append(
            {
                "id": ids.part_id("service_area", listing.slug, "place", place),
                "service_id": ids.service_id(listing.slug),
                "name": place,
                "service_area": place,
                "extent_type": "place",
            }
        )
    return areas


def cost_options(listing: Listing) -> list[dict]:
    """The price in pounds (with the funding that can pay it), then one option per cost tag."""
    options = []
    if listing.cost_pounds is not None:
        funding = "; ".join(taxonomy.FUNDING.label_for(code) for code in listing.funding)
        options.append(
            {
                "id": ids.part_id("cost_option", listing.slug, "price"),
                "service_id": ids.service_id(listing.slug),
                "option": "Full price in pounds (GBP)",
                "amount": listing.cost_pounds,
                "amount_description": f"Funding available: {funding}." if funding else "The full price for one person.",
            }
        )
    for code in listing.costs:
        term = taxonomy.COSTS.get(code)
        if term is None:
            continue
        options.append(
            _compact(
                {
                    "id": ids.part_id("cost_option", listing.slug, code),
                    "service_id": ids.service_id(listing.slug),
                    "option": term.label,
                    "amount": 0 if code == "free" else None,
                    "amount_description": (listing.cost_details or "").strip() or term.description,
                }
            )
        )
    return options


def _attribute(site: str, owner_slug: str, link_id: str, link_type: str, ref: TermRef) -> dict:
    return {
        "id": ids.part_id("attribute", owner_slug, link_type, ref.vocabulary.code, ref.term.code),
        "link_id": link_id,
        "link_type": link_type,
        "taxonomy_term_id": ref.id,
        "taxonomy_term": taxonomy_term(site, ref),
    }


def attributes(site: str, listing: Listing) -> list[dict]:
    sid = ids.service_id(listing.slug)
    result = []
    for spec in ATTRIBUTE_FIELDS:
        value = getattr(listing, spec.name)
        for code in [value] if spec.kind == "code" else value:
            ref = term_ref(spec.vocabulary, code)
            if ref:
                result.append(_attribute(site, listing.slug, sid, "service", ref))
    return result


def schedules(listing: Listing) -> list[dict]:
    """When it starts: one schedule per coming start date (valid until the apply-by date), else one for a rolling
    start or the provider's own words. Study mode and hours go in each schedule's notes."""
    base = {
        "service_id": ids.service_id(listing.slug),
        "notes": _study_notes(listing) or None,
        "valid_to": listing.apply_by.isoformat() if listing.apply_by else None,
    }
    words = "Start at any time." if listing.rolling else (listing.start_info or "").strip()
    dated = [
        _compact(
            {
                **base,
                "id": ids.part_id("schedule", listing.slug, "start", day.isoformat()),
                "dtstart": day.isoformat(),
                "description": words or f"Starts on {day:%-d %B %Y}.",
            }
        )
        for day in listing.upcoming_start_dates()
    ]
    if dated or not (words or base["notes"]):
        return dated
    return [_compact({**base, "id": ids.part_id("schedule", listing.slug, "start"), "description": words or None})]


def _study_notes(listing: Listing) -> str:
    """'Part-time, 16 hours a week.': the study mode and hours, for a schedule's notes."""
    modes = ", ".join(taxonomy.STUDY_MODES.label_for(code) for code in listing.study_modes)
    hours = f"{listing.hours_per_week:g} hours a week" if listing.hours_per_week else ""
    text = ", ".join(filter(None, [modes, hours]))
    return f"{text[:1].upper()}{text[1:]}." if text else ""


# --- where: service at location --------------------------------------------------------------------------------------


def has_physical_location(listing: Listing) -> bool:
    return bool(
        (listing.postcode or "").strip()
        or (listing.address or "").strip()
        or (listing.latitude is not None and listing.longitude is not None)
    )


def entry_kinds(listing) -> list[str]:
    """The service-at-location entries a listing has: "physical" (an address) and "virtual" (online), in that
    order. Reads only postcode, address, latitude, longitude and delivery, so a light row will do."""
    kinds = []
    if has_physical_location(listing):
        kinds.append("physical")
    if ONLINE_DELIVERY & set(listing.delivery):
        kinds.append("virtual")
    return kinds


def service_at_locations(
    listing: Listing, site: str | None = None, in_list: bool = False, kinds: list[str] | None = None
) -> list[dict]:
    """One entry for the address (when the listing has one) and one 'virtual' entry when it runs online.

    With `site`, each entry also carries the service. In a list the location keeps only its one-to-one fields, as
    the standard's list schema has it; /service_at_locations/{id} adds the address.
    """
    entries = []
    for kind in entry_kinds(listing) if kinds is None else kinds:
        entry = {
            "id": ids.part_id("service_at_location", listing.slug, kind),
            "service_id": ids.service_id(listing.slug),
            "location_id": ids.part_id("location", listing.slug, kind),
            "location": _location(listing, kind, with_address=not in_list),
        }
        if site is not None:
            entry["service"] = service(site, listing)
        entries.append(entry)
    return entries


def _location(listing: Listing, kind: str, with_address: bool) -> dict:
    location_id = ids.part_id("location", listing.slug, kind)
    if kind == "virtual":
        return {
            "id": location_id,
            "location_type": "virtual",
            "name": "Online",
            "description": f"{listing.title} can be taken online.",
        }
    postcode = (listing.postcode or "").strip().upper()
    name = ", ".join(filter(None, [(listing.address or "").strip(), postcode])) or ", ".join(listing.places or [])
    data = _compact(
        {
            "id": location_id,
            "location_type": "physical",
            "name": name or listing.title,
            "latitude": listing.latitude if listing.latitude is not None and listing.longitude is not None else None,
            "longitude": listing.longitude if listing.latitude is not None and listing.longitude is not None else None,
        }
    )
    if with_address and (listing.address or "").strip() and postcode:
        data["addresses"] = [
            {
                "id": ids.part_id("address", listing.slug, kind),
                "location_id": location_id,
                "address_1": listing.address.strip(),
                "city": (listing.places or [""])[0],
                "state_province": ", ".join(taxonomy.REGIONS.label_for(code) for code in listing.regions),
                "postal_code": postcode,
                "country": "GB",
                "address_type": "physical",
            }
        ]
    return data
