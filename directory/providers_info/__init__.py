"""The providers' front door: a public page saying what a provider account is for and how to get one."""
