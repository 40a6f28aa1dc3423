"""Pages outside search: fill a temporary SQLite database with N synthetic listings, build the index, then time
each page through the Flask test client in this process and print p50/p95/max per page.

    .venv/bin/python bench/pages_bench.py --n 10000 --organisations 1000

The URLs are PAGES below (bench --stack drives gunicorn over the same list). Exports are also timed to their
first byte. The load average is printed with the figures, since the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fill_database import fill
from directory import create_app
from directory.extensions import db
from directory.progress import no_progress

# (name, URL); "{service_id}" is a published listing's API id and "{cursor_url}" the Link of page 39 (so page 40 by
# cursor), filled in by `placeholders` once the data is there.
PAGES = [
    ("providers", "/providers"),
    ("providers keyword", "/providers?q=apprenticeship"),
    ("providers filtered", "/providers?organisation_type=college&type=apprenticeship&region=london"),
    ("providers near a place", "/providers?place=Manchester"),
    ("home", "/"),
    ("region", "/regions/london"),
    ("api services", "/api/v1/services?per_page=50"),
    ("api services page 40", "/api/v1/services?per_page=50&page=40"),
    ("api services cursor p40", "{cursor_url}"),
    ("api service", "/api/v1/services/{service_id}"),
    ("api service unknown", "/api/v1/services/00000000-0000-4000-8000-000000000000"),
    ("api organizations", "/api/v1/organizations?per_page=50"),
    ("api service_at_locations", "/api/v1/service_at_locations?per_page=50"),
    ("sitemap index", "/sitemap.xml"),
    ("sitemap listings file", "/sitemaps/listings-1.xml"),
    ("search.atom", "/search.atom?q=laboratory"),
]
EXPORTS = [
    ("search.csv keyword", "/search.csv?q=genomics"),
    ("search.json keyword", "/search.json?q=genomics"),
    ("search.csv everything", "/search.csv"),
]


def build(folder: Path, count: int, organisations: int | None) -> object:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
            "SEARCH_INDEX_DIR": str(folder / "index"),
            "SEARCH_RECONCILE_ON_START": False,
            "SEARCH_BACKGROUND_REFRESH": False,
            "RATELIMIT_ENABLED": False,
            "SEARCH_INDEX_FAULT_CHECKS": False,
            "LOG_LEVEL": "WARNING",
            "SITE_URL": "http://127.0.0.1:8000",
            "EXPORT_DIR": str(folder / "open-data"),
        }
    )
    with app.app_context():
        from directory.listings.indexing import rebuild

        db.create_all()
        started = time.monotonic()
        fill(count, no_progress, organisations)
        print(f"filled {count} listings in {time.monotonic() - started:.1f}s", flush=True)
        started = time.monotonic()
        rebuild(procs=2)
        print(f"index built in {time.monotonic() - started:.1f}s", flush=True)
    return app


def placeholders(client) -> dict[str, str]:
    """Values for the URLs' placeholders, read from the API as a client would."""
    service_id = client.get("/api/v1/services?per_page=1&page=7").get_json()["contents"][0]["id"]
    link = client.get("/api/v1/services?per_page=50&page=39").headers["Link"]
    return {"service_id": service_id, "cursor_url": link[1 : link.index(">")].split("127.0.0.1:8000", 1)[1]}


def time_page(client, url: str, repeats: int) -> list[float]:
    timings = []
    for n in range(repeats + 2):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        if response.status_code not in (200, 404):
            raise SystemExit(f"{url}: {response.status_code}")
        if n >= 2:  # the first two warm caches built per index version
            timings.append(elapsed * 1000)
    return timings


def time_export(client, url: str) -> tuple[float, float, int, int]:
    """(ms to the first chunk, ms to the last, bytes, status) for a streamed download."""
    started = time.perf_counter()
    response = client.get(url, buffered=False)
    chunks = iter(response.response)
    first = next(chunks, b"")
    first_ms = (time.perf_counter() - started) * 1000
    size = len(first) + sum(len(chunk) for chunk in chunks)
    response.close()
    return first_ms, (time.perf_counter() - started) * 1000, size, response.status_code


def report(app, repeats: int) -> None:
    print(f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    with app.test_client() as client:
        values = placeholders(client)
        for name, url in PAGES:
            timings = time_page(client, url.format(**values), repeats)
            p95 = statistics.quantiles(timings, n=20)[18]
            print(f"{name:28} {statistics.median(timings):8.1f} {p95:8.1f} {max(timings):8.1f}", flush=True)
        for name, url in EXPORTS:
            first, total, size, status = time_export(client, url)
            print(f"{name:28} first byte {first:.0f} ms, all {total:.0f} ms, {size / 1e6:.2f} MB, status {status}")
    with app.app_context():
        from directory.listings.documents import PROVIDER_FACETS, organisation_documents
        from directory.search import Catalogue

        started = time.perf_counter()
        catalogue = Catalogue(organisation_documents(), PROVIDER_FACETS)
        print(
            f"provider catalogue build (once per index version, in the background after the first): "
            f"{(time.perf_counter() - started) * 1000:.0f} ms for {len(catalogue.documents)} organisations"
        )
    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="how many listings")
    parser.add_argument("--organisations", type=int, default=None, help="providers to spread them over")
    parser.add_argument("--repeats", type=int, default=30, help="timed requests per page")
    parser.add_argument("--keep", help="build in this folder and keep it (reused when it already holds a build)")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="pages-bench-"))
    try:
        if args.keep and (folder / "bench.sqlite3").exists():
            app = create_app(
                {
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
                    "SEARCH_INDEX_DIR": str(folder / "index"),
                    "SEARCH_RECONCILE_ON_START": False,
                    "SEARCH_BACKGROUND_REFRESH": False,
                    "RATELIMIT_ENABLED": False,
                    "SEARCH_INDEX_FAULT_CHECKS": False,
                    "LOG_LEVEL": "WARNING",
                    "SITE_URL": "http://127.0.0.1:8000",
                    "EXPORT_DIR": str(folder / "open-data"),
                }
            )
        else:
            folder.mkdir(parents=True, exist_ok=True)
            app = build(folder, args.n, args.organisations)
        report(app, args.repeats)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
