"""Review of what providers propose, and the audit trail of every change."""
