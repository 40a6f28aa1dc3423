"""Signals the listings feature sends, so other parts can follow without the listings code knowing them.

`listings_changed` is sent after a listing change is committed, so derived data (the search index, caches) can
follow: receivers get `listing_ids`, a list of ids whose public state may have changed; they re-read what they need.
`searched` is sent after each /search page's search with `seconds=` and `total=` (the operators' metrics listen).
"""

from blinker import Namespace

_signals = Namespace()

listings_changed = _signals.signal("listings-changed")
searched = _signals.signal("searched")
