"""What the people who run the site need: request logs with request ids and Prometheus metrics, set up by
`init_app` from the factory's first step. It sits on the top floor: it reads features, none reads it."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.ops import logs, metrics

    logs.init_app(app)
    metrics.init_app(app)
