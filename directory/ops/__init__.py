"""What the people who run the site need: request logs with request ids, Prometheus metrics, and the app factory
step that sets them up with the privacy feature (`init_app`). It sits on the top floor beside the factory: it reads
features, none reads it."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from directory import privacy
    from directory.ops import logs, metrics

    logs.init_app(app)
    metrics.init_app(app)
    privacy.init_app(app)
