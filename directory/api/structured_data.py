"""schema.org JSON-LD for a listing page, so search engines and other tools read what the page offers.

Apprenticeships and other paid work with training are `WorkBasedProgram`s, courses of study are `Course`s, and the
rest (bootcamps, employment programmes, outreach...) are `EducationalOccupationalProgram`s. Every property used is
allowed on its type in schema.org 30.0 (tests check this against the vocabulary files).
"""

from __future__ import annotations

from directory import public_ids as ids
from directory import taxonomy
from directory.api.oruk import web_address
from directory.listings.models import Listing

WORK_BASED = {"apprenticeship", "degree-apprenticeship", "supported-internship", "work-experience"}
COURSES = {"short-course", "cpd", "htq", "t-level"}


def schema_type(listing: Listing) -> str:
    if listing.provision_type in WORK_BASED:
        return "WorkBasedProgram"
    if listing.provision_type in COURSES:
        return "Course"
    return "EducationalOccupationalProgram"


def _compact(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _labels(codes, vocabulary: taxonomy.Vocabulary) -> list[str]:
    return [vocabulary.label_for(code) for code in codes]


def listing_json_ld(listing: Listing, site: str) -> dict:
    page = f"{site}/listings/{listing.slug}"
    kind = schema_type(listing)
    data = {
        "@context": "https://schema.org",
        "@type": kind,
        "@id": f"{page}#provision",
        "identifier": ids.service_id(listing.slug),
        "name": listing.title,
        "description": listing.summary or listing.description,
        "url": page,
        "sameAs": web_address(listing.url),
        "provider": provider_json_ld(listing.organisation, site),
        "offers": offer_json_ld(listing, page),
    }
    if kind == "Course":
        data.update(
            {
                "educationalLevel": _labels(listing.levels, taxonomy.LEVELS),
                "audience": _audience(listing),
                "coursePrerequisites": listing.eligibility,
                "dateModified": listing.updated_at.date().isoformat(),
                "hasCourseInstance": _course_instance(listing),
            }
        )
    else:
        data.update(
            {
                "educationalCredentialAwarded": ", ".join(_labels(listing.levels, taxonomy.LEVELS)),
                "educationalProgramMode": ", ".join(_labels(listing.delivery, taxonomy.DELIVERY_MODES)),
                "programPrerequisites": listing.eligibility,
                "startDate": listing.next_start().isoformat() if listing.next_start() else None,
            }
        )
    return _compact(data)


def provider_json_ld(organisation, site: str) -> dict:
    return _compact(
        {
            "@type": "Organization",
            "@id": f"{site}/providers/{organisation.slug}#organization",
            "name": organisation.name,
            "url": f"{site}/providers/{organisation.slug}",
            "sameAs": web_address(organisation.website),
        }
    )


def offer_json_ld(listing: Listing, page: str) -> dict:
    free = "free" in listing.costs
    return _compact(
        {
            "@type": "Offer",
            "url": page,
            "category": ", ".join(_labels(listing.costs, taxonomy.COSTS)),
            "description": listing.cost_details,
            "price": 0 if free else None,
            "priceCurrency": "GBP" if free else None,
            "areaServed": [_area(code) for code in listing.regions],
            "availableAtOrFrom": _place(listing),
        }
    )


def _area(code: str) -> dict:
    if code == taxonomy.UK_WIDE:
        return {"@type": "Country", "name": "United Kingdom"}
    return {"@type": "AdministrativeArea", "name": taxonomy.REGIONS.label_for(code)}


def _place(listing: Listing) -> dict | None:
    address = _compact(
        {
            "@type": "PostalAddress",
            "streetAddress": (listing.address or "").strip(),
            "addressLocality": (listing.places or [""])[0],
            "postalCode": (listing.postcode or "").strip().upper(),
            "addressCountry": "GB",
        }
    )
    has_address = "streetAddress" in address or "postalCode" in address
    has_geo = listing.latitude is not None and listing.longitude is not None
    if not (has_address or has_geo):
        return None
    return _compact(
        {
            "@type": "Place",
            "address": address if has_address else None,
            "geo": {"@type": "GeoCoordinates", "latitude": listing.latitude, "longitude": listing.longitude}
            if has_geo
            else None,
        }
    )


def _audience(listing: Listing) -> dict | None:
    labels = _labels(listing.audiences, taxonomy.AUDIENCES)
    return {"@type": "EducationalAudience", "audienceType": ", ".join(labels)} if labels else None


def _course_instance(listing: Listing) -> dict | None:
    instance = _compact(
        {
            "@type": "CourseInstance",
            "courseMode": _labels(listing.delivery, taxonomy.DELIVERY_MODES),
            "startDate": listing.next_start().isoformat() if listing.next_start() else None,
            "location": _place(listing),
        }
    )
    return instance if len(instance) > 1 else None
