"""Our API described as OpenAPI 3.1: every operation, parameter, 200/400/404/429 response and body schema.

The body schemas describe exactly what oruk.py produces (closed with additionalProperties: false), and each is a
subset of the matching Open Referral UK 3.0 schema, which the conformance tests check separately.
"""

from __future__ import annotations

from directory import public_ids as ids
from directory.api import params
from directory.api.taxonomies import VOCABULARIES, all_terms
from directory.licence import DATA_LICENCE_NAME, DATA_LICENCE_URL

# What the site's text policy (directory.forms.text_problem) refuses in a one-line value, as a regular expression:
# C0/C1 controls (tab, line feed and carriage return are tidied to spaces), surrogates, noncharacters in every plane,
# and bidi embeddings, overrides and isolates.
_NONCHARACTERS = "".join(f"\\U{plane:04x}fffe\\U{plane:04x}ffff" for plane in range(1, 17))
REFUSED_TEXT_PATTERN = (
    "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ud800-\\udfff\\ufdd0-\\ufdef\\ufffe\\uffff"
    "\\u202a-\\u202e\\u2066-\\u2069" + _NONCHARACTERS + "]*$"
)

ORUK_SCHEMA = "https://openreferraluk.org/specifications/3.0/schema/"


def _object(properties: dict, required: tuple = (), description: str | None = None) -> dict:
    schema = {"type": "object", "properties": properties, "required": list(required), "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _array(name: str) -> dict:
    return {"type": "array", "items": _ref(name)}


STRING = {"type": "string"}
UUID = {"type": "string", "format": "uuid"}
URI = {"type": "string", "format": "uri"}
DATE = {"type": "string", "format": "date"}


def _schemas() -> dict:
    term = _object(
        {
            "id": UUID,
            "name": STRING,
            "description": STRING,
            "taxonomy": STRING,
            "taxonomy_id": UUID,
            "term": STRING,
            "term_uri": URI,
        },
        ("id", "name", "description"),
        f"A term of one of our vocabularies ({ORUK_SCHEMA}taxonomy_term.json).",
    )
    attribute = _object(
        {
            "id": UUID,
            "link_id": UUID,
            "link_type": {"type": "string", "enum": ["service", "organization"]},
            "taxonomy_term_id": UUID,
            "taxonomy_term": _ref("TaxonomyTerm"),
        },
        ("id", "link_id", "link_type", "taxonomy_term_id", "taxonomy_term"),
    )
    organization = _object(
        {
            "id": UUID,
            "name": STRING,
            "description": STRING,
            "email": {"type": "string", "format": "email"},
            "website": URI,
            "uri": URI,
            "attributes": _array("Attribute"),
            "services": _array("Service"),
        },
        ("id", "name", "description"),
        f"A provider ({ORUK_SCHEMA}organization.json); `services` only with full_service=true.",
    )
    address = _object(
        {
            "id": UUID,
            "location_id": UUID,
            "address_1": STRING,
            "city": STRING,
            "state_province": STRING,
            "postal_code": STRING,
            "country": STRING,
            "address_type": {"const": "physical"},
        },
        ("id", "address_1", "city", "state_province", "postal_code", "country", "address_type"),
    )
    location = _object(
        {
            "id": UUID,
            "location_type": {"type": "string", "enum": ["physical", "virtual"]},
            "name": STRING,
            "description": STRING,
            "latitude": {"type": "number"},
            "longitude": {"type": "number"},
            "addresses": _array("Address"),
        },
        ("id", "location_type"),
    )
    service_at_location = _object(
        {"id": UUID, "service_id": UUID, "location_id": UUID, "location": _ref("Location"), "service": _ref("Service")},
        ("id", "service_id", "location_id", "location"),
        f"Where a service runs ({ORUK_SCHEMA}service_at_location.json); `service` only in lists with full=true.",
    )
    service_area = _object(
        {
            "id": UUID,
            "service_id": UUID,
            "name": STRING,
            "service_area": STRING,
            "extent_type": {"type": "string", "enum": ["region", "place"]},
            "uri": URI,
        },
        ("id", "service_id", "name", "service_area", "extent_type"),
    )
    cost_option = _object(
        {"id": UUID, "service_id": UUID, "option": STRING, "amount": {"type": "number"}, "amount_description": STRING},
        ("id", "service_id", "option", "amount_description"),
    )
    schedule = _object(
        {"id": UUID, "service_id": UUID, "dtstart": DATE, "valid_to": DATE, "description": STRING, "notes": STRING},
        ("id", "service_id"),
    )
    service_props = {
        "id": UUID,
        "organization_id": UUID,
        "name": STRING,
        "description": STRING,
        "url": URI,
        "email": {"type": "string", "format": "email"},
        "status": {"type": "string", "enum": sorted({"active", "inactive", "defunct", "temporarily closed"})},
        "fees": STRING,
        "assured_date": DATE,
        "last_modified": {"type": "string", "format": "date-time"},
        "organization": _ref("Organization"),
        "service_areas": _array("ServiceArea"),
        "cost_options": _array("CostOption"),
        "attributes": _array("Attribute"),
        "schedules": _array("Schedule"),
        "service_at_locations": _array("ServiceAtLocation"),
    }
    service = _object(
        service_props,
        ("id", "organization_id", "name", "description", "status", "last_modified", "organization"),
        f"A listing as a service ({ORUK_SCHEMA}service.json); the nested lists with full=true and on /services/{{id}}.",
    )
    minimal = _object(
        {key: service_props[key] for key in ("id", "name", "status", "last_modified")},
        ("id", "name", "status", "last_modified"),
    )
    taxonomy = _object(
        {
            "id": UUID,
            "name": STRING,
            "description": STRING,
            "uri": URI,
            "version": STRING,
            "taxonomy_terms": _array("TaxonomyTerm"),
        },
        ("id", "name", "description", "uri", "version"),
    )
    schemas = {
        "ApiDetails": _object(
            {"version": STRING, "profile": URI, "openapi_url": URI}, ("version", "profile", "openapi_url")
        ),
        "Error": _object({"code": {"type": "integer"}, "message": STRING, "parameter": STRING}, ("code", "message")),
        "TaxonomyTerm": term,
        "Attribute": attribute,
        "Organization": organization,
        "Address": address,
        "Location": location,
        "ServiceAtLocation": service_at_location,
        "ServiceArea": service_area,
        "CostOption": cost_option,
        "Schedule": schedule,
        "Service": service,
        "MinimalService": minimal,
        "Taxonomy": taxonomy,
    }
    for name, item in (
        ("ServiceList", {"oneOf": [_ref("Service"), _ref("MinimalService")]}),
        ("OrganizationList", _ref("Organization")),
        ("TaxonomyList", _ref("Taxonomy")),
        ("TaxonomyTermList", _ref("TaxonomyTerm")),
        ("ServiceAtLocationList", _ref("ServiceAtLocation")),
    ):
        schemas[name] = _page(item)
    return schemas


def _page(item: dict) -> dict:
    integer = {"type": "integer", "minimum": 0}
    return _object(
        {
            "total_items": integer,
            "total_pages": {"type": "integer", "minimum": 1},
            "page_number": integer,
            "size": integer,
            "first_page": {"type": "boolean"},
            "last_page": {"type": "boolean"},
            "empty": {"type": "boolean"},
            "contents": {"type": "array", "items": item},
        },
        ("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"),
    )


# Our vocabularies are fixed, so the valid taxonomy and term ids can be listed exactly.
TAXONOMY_IDS = {"type": "string", "format": "uuid", "enum": [ids.taxonomy_id(v.code) for v in VOCABULARIES]}
TERM_IDS = {"type": "string", "format": "uuid", "enum": [ref.id for ref in all_terms()]}

PARAMETERS = {
    "page": ({"type": "integer", "minimum": 1, "maximum": params.MAX_PAGE}, "Page number, from 1."),
    "after": (
        {"type": "string", "maxLength": params.MAX_CURSOR, "pattern": "^[A-Za-z0-9_-]+$"},
        'A cursor: the next page after the one whose response gave it in its Link header (rel="next"). '
        "Stable while services are added or removed before it; not with page.",
    ),
    "per_page": (
        {"type": "integer", "minimum": 1, "maximum": params.MAX_PER_PAGE},
        f"Items a page, 1 to {params.MAX_PER_PAGE} (default {params.DEFAULT_PER_PAGE}).",
    ),
    "format": (
        {"type": "string", "enum": ["json", "ndjson"]},
        "json (default, paged) or ndjson: every match, one JSON object a line, without paging.",
    ),
    "search": (
        {"type": "string", "maxLength": 200, "pattern": REFUSED_TEXT_PATTERN},
        "Free-text search. Control characters, noncharacters and direction overrides are refused (400).",
    ),
    "taxonomy_term_id": (TERM_IDS, "Only records carrying this taxonomy term (any of our vocabularies)."),
    "taxonomy_id": (TAXONOMY_IDS, "Only records carrying at least one term of this taxonomy."),
    "organization_id": (UUID, "Only services of this organization (none if no organization has this id)."),
    "modified_after": (
        {"type": "string", "format": "date-time"},
        "Only records modified at or after this date-time (a plain date also works; UTC if no zone).",
    ),
    "minimal": ({"type": "boolean"}, "Only id, name, status and last_modified of each service."),
    "full": ({"type": "boolean"}, "Fully nested records."),
    "full_service": ({"type": "boolean"}, "Include the organization's services, fully nested."),
    "top_only": ({"type": "boolean"}, "Only terms without a parent (all of ours: our vocabularies are flat)."),
    "parent_id": (TERM_IDS, "Only children of this term (none: our vocabularies are flat)."),
    "postcode": (
        {"type": "string", "pattern": "^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?([0-9][A-Za-z]{2})?$"},
        "A UK postcode or district: only listings with that postcode at their address or a venue (see proximity).",
    ),
    "proximity": (
        {"type": "integer", "minimum": 1, "maximum": params.MAX_PROXIMITY},
        "Metres from the centre of the postcode's district (OS Code-Point Open; none in Northern "
        "Ireland) to a listing's address or venue; needs postcode.",
    ),
}

OPERATIONS = (
    # path, operationId, params key, response schema, summary, optional?
    ("/", "getApiDetails", "none", "ApiDetails", "About this API and the standard it follows", False),
    ("/services", "getServices", "services", "ServiceList", "Published listings as services, paged", False),
    ("/services/{id}", "getServiceById", "none", "Service", "One service, fully nested", False),
    (
        "/organizations",
        "getOrganizations",
        "organizations",
        "OrganizationList",
        "Providers with at least one published listing, paged",
        True,
    ),
    ("/organizations/{id}", "getOrganizationById", "organization", "Organization", "One provider", True),
    ("/taxonomies", "getTaxonomies", "taxonomies", "TaxonomyList", "Our vocabularies, paged", True),
    ("/taxonomies/{id}", "getTaxonomyById", "none", "Taxonomy", "One vocabulary with its terms", True),
    ("/taxonomy_terms", "getTaxonomyTerms", "taxonomy_terms", "TaxonomyTermList", "Vocabulary terms, paged", True),
    ("/taxonomy_terms/{id}", "getTaxonomyTermById", "none", "TaxonomyTerm", "One vocabulary term", True),
    (
        "/service_at_locations",
        "getServiceAtLocations",
        "service_at_locations",
        "ServiceAtLocationList",
        "Where services run (an address, or online), paged",
        True,
    ),
    (
        "/service_at_locations/{id}",
        "getServiceAtLocationById",
        "none",
        "ServiceAtLocation",
        "One service at location",
        True,
    ),
)


def _response(description: str, schema: str, ndjson: bool = False) -> dict:
    content = {"application/json": {"schema": _ref(schema)}}
    if ndjson:
        content["application/x-ndjson"] = {"schema": {"type": "string"}}
    return {"description": description, "content": content}


def _operation(path: str, operation_id: str, params_key: str, schema: str, summary: str, optional: bool) -> dict:
    names = params.ENDPOINT_PARAMETERS[params_key]
    parameters = [
        {
            "name": name,
            "in": "query",
            "required": False,
            "description": PARAMETERS[name][1],
            "schema": PARAMETERS[name][0],
        }
        for name in names
    ]
    if "{id}" in path:
        parameters.insert(
            0,
            {
                "name": "id",
                "in": "path",
                "required": True,
                "schema": UUID,
                "description": "A stable UUID from a list endpoint.",
            },
        )
    responses = {
        "200": _response("OK", schema, ndjson="format" in names),
        "400": _response("A parameter is unknown, repeated or has a bad value; the body names it.", "Error"),
        "429": _response("Too many requests from this client; wait and try again.", "Error"),
    }
    if "{id}" in path:
        responses["404"] = _response("Nothing published has that id.", "Error")
    return {
        "operationId": operation_id,
        "summary": summary,
        "tags": ["Optional" if optional else "Required"],
        "parameters": parameters,
        "responses": responses,
    }


def openapi_document(site: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Life Sciences Skills Directory: Open Referral UK API",
            "version": "HSDS-UK-3.0",
            "description": "Published listings of the Life Sciences Skills Directory in the Open Referral UK 3.0 "
            f"profile of HSDS. No key needed. See {site}/developers.",
            "license": {"name": DATA_LICENCE_NAME, "url": DATA_LICENCE_URL},
        },
        "servers": [{"url": f"{site}/api/v1"}],
        "tags": [
            {"name": "Required", "description": "Required by Open Referral UK"},
            {"name": "Optional", "description": "Optional in Open Referral UK"},
        ],
        "externalDocs": {"url": "https://openreferraluk.org/specifications/3.0/openapi.json"},
        "paths": {path: {"get": _operation(path, *rest)} for path, *rest in OPERATIONS},
        "components": {"schemas": _schemas()},
    }
