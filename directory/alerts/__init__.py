"""Email alerts for a search: double opt-in, daily or weekly digests of new matches, one-click unsubscribe.

Only the email address and the search (query, place and filters, cleaned as search cleans them) are stored; an
alert is deleted when its person unsubscribes. Matching goes through directory.search (docs/shortlist-and-alerts.md).
"""
