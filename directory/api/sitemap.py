"""What the sitemap lists: the home page, regions, every published listing and every provider that has one.

/sitemap.xml is a sitemap index pointing at files of at most SITEMAP_MAX_URLS addresses each (the protocol allows
50,000): pages.xml (home, sections, regions), listings-N.xml and providers-N.xml. Every file is made once per
version of the search index in each process (publishing or archiving a listing changes it) and kept for at most
CACHE_SECONDS, so a crawler's requests cost a dictionary look-up.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

import sqlalchemy as sa

from directory import taxonomy
from directory.extensions import db
from directory.listings.models import Listing, Organisation
from directory.search import index_version
from directory.versioned import PerVersion

SECTION_PAGES = ("search.search", "search.providers", "api_docs.developers", "listings.about")
MAX_URLS = 50_000  # the protocol's limit for one file
CACHE_SECONDS = 3600  # how long a file is kept when nothing is published (and what Cache-Control says)
KINDS = ("listings", "providers")
FILE_NAME = re.compile(r"(pages)|(listings|providers)-([1-9][0-9]{0,5})")
# Characters XML 1.0 allows nowhere in a document: dropped, so no stored value can make a sitemap unparseable.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
URLSET = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
INDEX = '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'

_files = PerVersion(max_age=CACHE_SECONDS, size=64)


@dataclass(frozen=True)
class SitemapFile:
    body: bytes
    last_modified: datetime | None
    etag: str


def _made(text: str, last_modified: datetime | None) -> SitemapFile:
    body = NOT_XML.sub("", text).encode()
    return SitemapFile(body, last_modified, hashlib.sha1(body).hexdigest())


def _url(loc: str, lastmod: datetime | None = None) -> str:
    when = f"<lastmod>{lastmod.date().isoformat()}</lastmod>" if lastmod else ""
    return f"  <url><loc>{escape(loc)}</loc>{when}</url>\n"


def _published_listings() -> sa.Select:
    return sa.select(Listing.slug, Listing.updated_at).where(Listing.is_public).order_by(Listing.slug)


def _providers() -> sa.Select:
    return (
        sa.select(Organisation.slug, sa.func.max(Listing.updated_at))
        .join(Listing, Listing.organisation_id == Organisation.id)
        .where(Listing.is_public)
        .group_by(Organisation.slug)
        .order_by(Organisation.slug)
    )


def _counts() -> dict[str, int]:
    listings = db.session.scalar(sa.select(sa.func.count()).select_from(Listing).where(Listing.is_public))
    providers = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Listing.organisation_id))).where(Listing.is_public)
    )
    return {"listings": listings, "providers": providers}


def _newest() -> datetime | None:
    return db.session.scalar(sa.select(sa.func.max(Listing.updated_at)).where(Listing.is_public))


def index_file(site: str, url_for, limit: int) -> SitemapFile:
    counts = _counts()
    names = ["pages"] + [f"{kind}-{n}" for kind in KINDS for n in range(1, math.ceil(counts[kind] / limit) + 1)]
    entries = "".join(
        f"  <sitemap><loc>{escape(site + url_for('api_docs.sitemap_file', name=name))}</loc></sitemap>\n"
        for name in names
    )
    return _made(INDEX + entries + "</sitemapindex>\n", _newest())


def pages_file(site: str, url_for) -> SitemapFile:
    endpoints = ["listings.home", "listings.regions", *SECTION_PAGES]
    urls = [site + url_for(endpoint) for endpoint in endpoints]
    urls += [site + url_for("listings.region", code=code) for code in taxonomy.REGIONS.codes()]
    return _made(URLSET + "".join(_url(url) for url in urls) + "</urlset>\n", None)


def part_file(site: str, url_for, kind: str, number: int, limit: int) -> SitemapFile | None:
    """listings-N or providers-N: the Nth run of `limit` addresses in slug order (None past the last)."""
    query = _published_listings() if kind == "listings" else _providers()
    rows = db.session.execute(query.limit(limit).offset((number - 1) * limit)).all()
    if not rows and number > 1:
        return None
    endpoint = "listings.listing" if kind == "listings" else "listings.provider"
    prefix = site + url_for(endpoint, slug="-")[:-1]  # slugs are [a-z0-9-]: no quoting needed
    body = "".join(_url(prefix + slug, updated) for slug, updated in rows)
    return _made(URLSET + body + "</urlset>\n", max((updated for _, updated in rows), default=None))


def sitemap_file(name: str, site: str, url_for, limit: int = MAX_URLS) -> SitemapFile | None:
    """The named file ("index", "pages", "listings-3"...), made once per index version; None when there is none."""
    if name == "index":
        build = lambda: index_file(site, url_for, limit)  # noqa: E731
    else:
        match = FILE_NAME.fullmatch(name)
        if match is None:
            return None
        if match.group(1):
            build = lambda: pages_file(site, url_for)  # noqa: E731
        else:
            build = lambda: part_file(site, url_for, match.group(2), int(match.group(3)), limit)  # noqa: E731
    database = db.engine.url.render_as_string(hide_password=True)
    return _files.get((database, site, name, limit), index_version(), build)
