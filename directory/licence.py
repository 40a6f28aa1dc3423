"""The licence the directory's listings data is published under: one definition for pages, API, exports and feeds.

Listings are our own words about provision (facts taken from named public sources), published by a body that is
not part of the Crown, so the data uses an open licence anyone can grant rather than the Open Government Licence.
"""

DATA_LICENCE_NAME = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Contains information from the Life Sciences Skills Directory, licensed under CC BY 4.0"
