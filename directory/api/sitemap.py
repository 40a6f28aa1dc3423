"""What the sitemap lists: the home page, regions, every published listing and every provider that has one."""
from __future__ import annotations

import sqlalchemy as sa

from directory import taxonomy
from directory.extensions import db
from directory.listings.models import Listing, Organisation

# Section pages.
SECTION_PAGES = ("search.search", "search.providers", "api_docs.developers", "listings.about")


def entries(site: str, url_for) -> list[dict]:
    """[{loc, lastmod?}] with absolute addresses at the site's public address."""
    pages = [{"loc": site + url_for("listings.home")}, {"loc": site + url_for("listings.regions")}]
    pages += [{"loc": site + url_for(endpoint)} for endpoint in SECTION_PAGES]
    pages += [{"loc": site + url_for("listings.region", code=code)} for code in taxonomy.REGIONS.codes()]
    listings = db.session.execute(
        sa.select(Listing.slug, Listing.updated_at).where(Listing.status == "published").order_by(Listing.slug)
    )
    pages += [{"loc": site + url_for("listings.listing", slug=slug), "lastmod": updated.date().isoformat()}
              for slug, updated in listings]
    providers = db.session.execute(
        sa.select(Organisation.slug, sa.func.max(Listing.updated_at))
        .join(Listing, Listing.organisation_id == Organisation.id)
        .where(Listing.status == "published").group_by(Organisation.slug).order_by(Organisation.slug)
    )
    pages += [{"loc": site + url_for("listings.provider", slug=slug), "lastmod": updated.date().isoformat()}
              for slug, updated in providers]
    return pages
