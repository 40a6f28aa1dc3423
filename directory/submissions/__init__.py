"""Providers' listing forms: drafts, preview, submission for review, edits as revisions (the Revision model), new
organisation names held for review, and bulk CSV upload."""
