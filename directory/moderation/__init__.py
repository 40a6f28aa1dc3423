"""Review of what providers propose (revisions and new organisation names, held by submissions): the queue,
decisions, and the history the audit trail (directory/audit.py) keeps of each listing and organisation."""
