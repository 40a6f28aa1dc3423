"""Providers' listing forms: drafts, preview, submission for review, edits as revisions, and bulk CSV upload."""
