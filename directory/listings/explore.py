"""Public pages for seeing the whole picture: /coverage (where provision is and is missing) and /routes (the
steps into a life sciences career for where someone is)."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from directory.listings import coverage as coverage_presenter
from directory.listings import routes as routes_presenter

bp = Blueprint("explore", __name__)


@bp.get("/coverage")
def coverage():
    filters = coverage_presenter.read_filters(request.args)
    return render_template("explore/coverage.html", filters=filters, view=coverage_presenter.coverage_view(filters))


@bp.get("/coverage.csv")
def coverage_csv():
    filters = coverage_presenter.read_filters(request.args)
    return Response(
        coverage_presenter.coverage_csv(filters),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="coverage.csv"'},
    )


@bp.get("/routes")
def routes():
    where = routes_presenter.read_where(request.args)
    return render_template("explore/routes.html", where=where, view=routes_presenter.routes_view(where))
