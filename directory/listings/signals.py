"""Signals sent after a listing change is committed, so derived data (the search index, caches) can follow.

Receivers get `listing_ids`, a list of ids whose public state may have changed; they re-read what they need.
"""
from blinker import Namespace

_signals = Namespace()

listings_changed = _signals.signal("listings-changed")
