"""Liveness and readiness for load balancers: /healthz (the process answers) and /readyz (its dependencies)."""
