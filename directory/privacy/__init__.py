"""Privacy: the privacy notice and cookies pages, the retention rules (`flask privacy purge`, daily) and closing an
account. The retention periods are declared once in retention.py and read by the purge and the notice alike."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.privacy import models  # noqa: F401  (registers the table)
    from directory.privacy.cli import privacy_cli
    from directory.privacy.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(privacy_cli)
