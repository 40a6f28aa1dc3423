"""Error pages in the site's layout, and a JSON body for the API; no request gets a bare stack trace."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

TITLES = {
    400: "Sorry, there is a problem with your request",
    403: "You do not have permission to see this page",
    404: "Page not found",
    405: "Sorry, that action is not allowed here",
    413: "The file you sent is too large",
    429: "Too many requests",
    500: "Sorry, there is a problem with the service",
    503: "Sorry, this part of the service is not available just now",
}
PAGES = {404: "errors/404.html", 503: "errors/503.html"}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def render_error(error: HTTPException):
    code = error.code or 500
    retry = {"Retry-After": str(error.retry_after)} if getattr(error, "retry_after", None) else {}
    if wants_json():
        return jsonify({"code": code, "message": error.description or TITLES.get(code, error.name)}), code, retry
    template = PAGES.get(code, "errors/500.html" if code >= 500 else "errors/error.html")
    return render_template(template, code=code, title=TITLES.get(code, error.name), error=error), code, retry


def answer_unexpected_with(app: Flask, hook) -> None:
    """Let a feature answer an unexpected error it recognises (hook(error) -> HTTPException or None), e.g. a search
    index that no longer reads becomes "search is being rebuilt" instead of a 500."""
    app.extensions.setdefault("unexpected_error_hooks", []).append(hook)


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_error)

    @app.errorhandler(Exception)
    def unexpected(error):  # pragma: no cover - exercised by a test that raises inside a view
        app.logger.exception("Unhandled error on %s", request.path)
        from directory.extensions import db

        db.session.rollback()
        for hook in app.extensions.get("unexpected_error_hooks", []):
            answer = hook(error)
            if answer is not None:
                return render_error(answer)
        return render_error(InternalServerError())
