"""The search engine, and the only package that imports Whoosh: the index on disk and in memory (engine, writing,
snapshot, segments, storage, checksums), its schema and analyser, query parsing, facets over bitsets, locality and
places, spelling corrections, ranking, the cross-tab, and a small catalogue search for /providers.

It knows only plain documents and the shared vocabulary (directory/taxonomy.py, geography, phrases): nothing in
it imports Flask, the database models or SQLAlchemy, or any feature package. The listings side turns listings and
organisations into documents, hands them over as (id, version, document) tuples, sets where the default index
is (engine.use_default_index) and owns the pages. See docs/search.md.
"""

from directory.search.catalogue import Catalogue, CatalogueResults, search_catalogue
from directory.search.crosstab import CrossTab, crosstab
from directory.search.engine import SearchIndex, index_at, use_default_index
from directory.search.facets import FacetValue
from directory.search.ranking import SORTS
from directory.search.selection import FACETS, clean_filters
from directory.search.service import SearchResults, index_version, search, search_ids

__all__ = [
    "FACETS",
    "SORTS",
    "Catalogue",
    "CatalogueResults",
    "CrossTab",
    "FacetValue",
    "SearchIndex",
    "SearchResults",
    "clean_filters",
    "crosstab",
    "index_at",
    "index_version",
    "search",
    "search_catalogue",
    "search_ids",
    "use_default_index",
]
