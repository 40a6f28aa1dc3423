"""Search: the only package that knows Whoosh. Schema, indexing, querying, facet counting and reconcile.

The rest of the app uses the functions exported here with plain values (see docs/search.md). Nothing here imports
the database models: the listings side hands over plain documents as (id, version, document) tuples.
"""
from directory.search.crosstab import CrossTab, crosstab
from directory.search.engine import SearchIndex, index_at, use_default_index
from directory.search.facets import FacetValue
from directory.search.ranking import SORTS
from directory.search.selection import FACETS, clean_filters
from directory.search.service import SearchResults, index_version, search, search_ids

__all__ = [
    "FACETS", "SORTS", "CrossTab", "FacetValue", "SearchIndex", "SearchResults", "clean_filters", "crosstab",
    "index_at", "index_version", "search", "search_ids", "use_default_index",
]
