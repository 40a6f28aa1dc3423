"""Shortlist, compare and share listings without an account: ids kept in a signed cookie.

See docs/shortlist-and-alerts.md.
"""
