"""The provider's dashboard: their organisation's listings, what is waiting for review, and what needs checking."""
