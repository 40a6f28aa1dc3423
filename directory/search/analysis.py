"""How text becomes search terms: one analyser for indexing, queries, snippets and /providers.

Words are lower-cased, stop words dropped and stemmed with Snowball English (Porter2, the stemmer PostgreSQL's
English full-text search uses). The original Porter stemmer merged words that mean different things: communicator,
communication and community all became "commun", so "science communicator" matched every "Community and school
outreach" listing. Snowball keeps community apart; STEM_EXCEPTIONS keeps apart the few pairs it still merges that
matter in this directory. Plural and verb forms still share a stem (technicians, technician; training, trains).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import snowballstemmer
from whoosh.analysis import STOP_WORDS, LowercaseFilter, RegexTokenizer, StemmingAnalyzer

# Changes whenever the terms analyse() produces change: documents indexed under another analysis are stale (see
# schema.stored_version), so reconcile re-indexes them after an upgrade without anyone having to remember to.
ANALYSIS = "snowball-1"

# Different words Snowball gives one stem, each mapped to a stem of its own. Keys are lower-case words as typed.
STEM_EXCEPTIONS: dict[str, str] = {
    **dict.fromkeys(["communicator", "communicators"], "communicator"),  # not communication
    **dict.fromkeys(
        ["experiment", "experiments", "experimental", "experimenting", "experimented", "experimentation"], "experiment"
    ),  # not experience
    **dict.fromkeys(["busy"], "busy"),  # not business
}

_local = threading.local()


def _snowball():
    """A Snowball stemmer per thread: the pure-Python stemmer keeps the word being stemmed in the object."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer


def stem_word(word: str) -> str:
    """One lower-case word's stem (module-level, so Whoosh can pickle it as the analyser's stem function)."""
    return STEM_EXCEPTIONS.get(word) or _snowball().stemWord(word)


ANALYZER = StemmingAnalyzer(stemfn=stem_word)
SPELLING_ANALYZER = RegexTokenizer() | LowercaseFilter()
TOKEN = re.compile(r"\w+(?:\.?\w+)*")


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str | None:
    return None if len(word) < 2 or word in STOP_WORDS else stem_word(word)


def analyse(text: str) -> list[str]:
    """Lower-cased, stop words dropped, stemmed: the same terms as ANALYZER (Whoosh's pipeline), about five times
    faster (one regex and a cached stem per word instead of a generator pipeline per token)."""
    return [term for term in map(_stem, TOKEN.findall(text.lower())) if term]
