"""Pages about the open data, for people and crawlers: /developers, /sitemap.xml and /robots.txt (blueprint api_docs)."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template

bp = Blueprint("api_docs", __name__)


@bp.get("/developers")
def developers():
    return render_template("api/developers.html")
