"""Open data: the Open Referral UK 3.0 API under /api/v1, its OpenAPI document, exports and feeds of search results,
schema.org structured data for listing pages, the sitemap, robots.txt and the developer page.

Everything here is a read-only view of published listings; nothing in this package changes data.
"""
