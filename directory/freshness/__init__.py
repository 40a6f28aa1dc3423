"""Keeping listings fresh: reminding providers to confirm listings not verified for 12 months."""
