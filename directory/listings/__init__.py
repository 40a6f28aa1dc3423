"""Organisations and the listings they run: models, services, seed loading and the public pages."""
