"""An offline Open Referral UK 3.0 conformance checker: the published JSON Schemas, read from the shared conformance
folder through a local `referencing.Registry`, and the ORUK validator's procedure re-run against a feed.

The procedure (from the validator and shared/conformance/README.md): read `version` from GET /; for each collection
request page 1, a middle page and the last page; request every `/{id}` seen; validate every body. A failure on a
required endpoint fails the feed, a failure on an optional one (or an empty feed, or a slow one) is a warning.
An optional collection that is not there at all (404) is not implemented, which is allowed.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMA_BASE = "https://openreferraluk.org/specifications/3.0/schema/"
SLOW_SECONDS = 5.0

PASS, WARN, FAIL = "Pass", "Warn", "Fail"


def conformance_dir() -> Path | None:
    """CONFORMANCE_DIR if set, else shared/conformance beside the repository, else the one on this machine."""
    candidates = [Path(os.environ["CONFORMANCE_DIR"])] if os.environ.get("CONFORMANCE_DIR") else []
    candidates += [REPO_ROOT.parent / "shared" / "conformance", Path("/work/shared/conformance")]
    return next((path for path in candidates if (path / "oruk-3.0" / "published" / "schema").is_dir()), None)


# --- schemas ----------------------------------------------------------------------------------------------------------


def close_objects(schema, in_all_of: bool = False):
    """Apply additionalProperties: false to every object schema with properties (as upstream CI does).

    A schema that adds properties through allOf gets unevaluatedProperties: false instead, which sees the allOf
    members' properties; the members themselves stay open, or they would reject each other's fields.
    """
    if isinstance(schema, list):
        return [close_objects(item, in_all_of) for item in schema]
    if not isinstance(schema, dict):
        return schema
    closed = {}
    for key, value in schema.items():
        if key == "properties" and isinstance(value, dict):
            closed[key] = {name: close_objects(sub) for name, sub in value.items()}
        elif key == "allOf":
            closed[key] = [close_objects(sub, in_all_of=True) for sub in value]
        else:
            closed[key] = close_objects(value)
    if "properties" in schema and not in_all_of:
        keyword = "unevaluatedProperties" if "allOf" in schema else "additionalProperties"
        closed.setdefault(keyword, False)
    return closed


class Schemas:
    """The ORUK 3.0 schemas by file name, validating with formats checked; `strict` closes every object."""

    def __init__(self, root: Path, strict: bool = False):
        self.dir = root / "oruk-3.0" / "published" / "schema"
        self.strict = strict
        self.documents = {}
        raw = {path.name: json.loads(path.read_text()) for path in sorted(self.dir.glob("*.json"))}
        paging = raw["service_list.json"]["allOf"]
        for name, contents in raw.items():
            if strict and name.endswith("_list.json") and "allOf" not in contents:
                # organization_list.json alone omits the paging fields that every list response carries (and
                # that its own published example has): give it the same allOf as the other lists before closing.
                contents = {**contents, "allOf": paging}
            self.documents[name] = close_objects(contents) if strict else contents
        self.registry = Registry().with_resources(
            (SCHEMA_BASE + name, DRAFT202012.create_resource(contents)) for name, contents in self.documents.items()
        )
        self._validators = {}

    def validator(self, name: str) -> Draft202012Validator:
        if name not in self._validators:
            self._validators[name] = Draft202012Validator(
                {"$ref": SCHEMA_BASE + name}, registry=self.registry, format_checker=FormatChecker()
            )
        return self._validators[name]

    def errors(self, name: str, instance) -> list[str]:
        return [
            f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
            for error in self.validator(name).iter_errors(instance)
        ]


# --- the validator's procedure -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Collection:
    path: str
    list_schema: str
    item_schema: str
    required: bool


COLLECTIONS = (
    Collection("/services", "service_list.json", "service.json", True),
    Collection("/taxonomies", "taxonomy_list.json", "taxonomy.json", False),
    Collection("/taxonomy_terms", "taxonomy_term_list.json", "taxonomy_term.json", False),
    Collection("/organizations", "organization_list.json", "organization.json", False),
    Collection("/service_at_locations", "service_at_location_list.json", "service_at_location.json", False),
)


@dataclass
class EndpointResult:
    path: str
    required: bool
    implemented: bool = True
    requests: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Report:
    endpoints: list[EndpointResult]
    problems: list[str] = field(default_factory=list)  # failures outside any collection (the root)

    @property
    def classification(self) -> str:
        if self.problems or any(e.failures for e in self.endpoints if e.required):
            return FAIL
        if any(e.failures or e.warnings for e in self.endpoints):
            return WARN
        return PASS

    def summary(self) -> str:
        lines = [f"{self.classification}"] + [f"  root: {p}" for p in self.problems]
        for e in self.endpoints:
            state = "not implemented" if not e.implemented else f"{e.requests} requests"
            lines.append(f"  {e.path} ({'required' if e.required else 'optional'}, {state})")
            lines += [f"    FAIL {m}" for m in e.failures[:10]] + [f"    WARN {m}" for m in e.warnings[:10]]
        return "\n".join(lines)


def parse_version(version) -> float | None:
    text = str(version or "")
    for prefix in ("HSDS-UK-", "V", "v"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    try:
        return float(text)
    except ValueError:
        return None


def check_feed(get, schemas: Schemas) -> Report:
    """Run the procedure against `get(path, query) -> (status, body)`, a live API or a folder of mock files."""
    report = Report(endpoints=[])
    status, root = get("/", {})
    if status != 200 or not isinstance(root, dict):
        report.problems.append(f"GET / answered {status}")
    else:
        report.problems += [f"api_details {m}" for m in schemas.errors("api_details.json", root)]
        if parse_version(root.get("version")) != 3.0:
            report.problems.append(f"version {root.get('version')!r} does not name the 3.0 specification")
    for collection in COLLECTIONS:
        report.endpoints.append(_check_collection(get, schemas, collection))
    return report


def _timed_get(get, result: EndpointResult, path: str, query: dict):
    started = time.perf_counter()
    status, body = get(path, query)
    result.seconds += time.perf_counter() - started
    result.requests += 1
    return status, body


def _check_collection(get, schemas: Schemas, collection: Collection) -> EndpointResult:
    result = EndpointResult(collection.path, collection.required)
    status, first = _timed_get(get, result, collection.path, {"page": 1})
    if status == 404 and not collection.required:
        result.implemented = False
        return result
    if status != 200 or not isinstance(first, dict):
        result.failures.append(f"GET {collection.path} answered {status}")
        return result
    pages = {1: first}
    total = first.get("total_pages") if isinstance(first.get("total_pages"), int) else 1
    for number in sorted({max(1, (1 + total) // 2), max(1, total)} - {1}):
        status, body = _timed_get(get, result, collection.path, {"page": number})
        if status != 200:
            result.failures.append(f"GET {collection.path}?page={number} answered {status}")
        else:
            pages[number] = body
    seen = []
    for number, body in pages.items():
        result.failures += [f"page {number}: {m}" for m in schemas.errors(collection.list_schema, body)]
        contents = body.get("contents") if isinstance(body, dict) else None
        seen += [item["id"] for item in contents or [] if isinstance(item, dict) and isinstance(item.get("id"), str)]
    if not seen:
        result.warnings.append("the feed is empty")
    for item_id in dict.fromkeys(seen):
        status, body = _timed_get(get, result, f"{collection.path}/{item_id}", {})
        if status != 200:
            result.failures.append(f"GET {collection.path}/{item_id} answered {status}")
            continue
        result.failures += [f"{item_id}: {m}" for m in schemas.errors(collection.item_schema, body)]
    if result.requests and result.seconds / result.requests > SLOW_SECONDS:
        result.warnings.append(f"average response time {result.seconds / result.requests:.1f} s")
    return result


# --- feeds -------------------------------------------------------------------------------------------------------------


def flask_feed(client, prefix: str = "/api/v1"):
    def get(path: str, query: dict):
        response = client.get(prefix + path, query_string=query)
        body = response.get_json(silent=True)
        return response.status_code, body

    return get


# The validator's own mock server: which file answers which path (any page, any id), and 404 for anything else.
MOCK_FILES = {
    "/": "api_details.json",
    "/services": "service_list.json",
    "/services/{id}": "service_full.json",
    "/taxonomies": "taxonomy_list.json",
    "/taxonomies/{id}": "taxonomy.json",
    "/taxonomy_terms": "taxonomy_term_list.json",
    "/taxonomy_terms/{id}": "taxonomy_term.json",
    "/service_at_locations": "service_at_location_list.json",
    "/service_at_locations/{id}": "service_at_location_full.json",
}


def mock_feed(folder: Path):
    def get(path: str, query: dict):
        parts = path.strip("/").split("/")
        key = "/" + parts[0] if parts[0] else "/"
        if len(parts) == 2:
            key += "/{id}"
        name = MOCK_FILES.get(key)
        if name is None or not (folder / name).exists():
            return 404, None
        return 200, json.loads((folder / name).read_text())

    return get
