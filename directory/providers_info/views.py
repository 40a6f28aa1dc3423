"""/for-providers: what providers can do here, before they sign up or sign in (the header's "For providers")."""

from __future__ import annotations

from flask import Blueprint, render_template

from directory import licence

bp = Blueprint("providers_info", __name__)


@bp.get("/for-providers")
def for_providers():
    return render_template("providers_info/for_providers.html", licence=licence)
