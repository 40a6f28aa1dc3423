"""One logging set-up for the whole process, from settings: readable lines locally, JSON lines (LOG_FORMAT=json)
for a log shipper. Every record made during a request carries its request id, so an error's traceback and the
access line can be tied to the reference a person quotes from the error page.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request
from flask_login import current_user

access_log = logging.getLogger("directory.access")
log = logging.getLogger(__name__)

# What a proxy may hand us as X-Request-Id: short, and nothing that could forge a log line or carry markup.
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")
# Query parameters whose values are logged: vocabulary codes and paging. Anything else (q, place, email, next,
# token...) may carry personal data, so only its name is kept.
LOGGED_QUERY_VALUES = {
    "page",
    "sort",
    "format",
    "type",
    "section",
    "region",
    "level",
    "audience",
    "delivery",
    "cost",
    "topic",
    "partners",
    "availability",
    "per_page",
}
# Path segments that are secrets (password reset tokens) are logged as "*".
SECRET_VIEW_ARGS = {"token"}
HANDLER_MARK = "_directory_handler"
# Attributes every LogRecord has; anything else on a record was passed as `extra` and belongs in the JSON line.
STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id"}


def current_request_id() -> str:
    return getattr(g, "request_id", "-") if has_request_context() else "-"


def _with_request_id(factory):
    def make_record(*args, **kwargs):
        record = factory(*args, **kwargs)
        record.request_id = current_request_id()
        return record

    make_record.adds_request_id = True
    return make_record


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, any extras, and the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        line.update({key: value for key, value in vars(record).items() if key not in STANDARD_ATTRIBUTES})
        if record.exc_info:
            line["traceback"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


def configure_logging(log_format: str, level: str) -> None:
    """Replace our handler on the root logger (create_app may run many times in one process, as in tests)."""
    if not getattr(logging.getLogRecordFactory(), "adds_request_id", False):
        logging.setLogRecordFactory(_with_request_id(logging.getLogRecordFactory()))
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, HANDLER_MARK, False)]:
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    setattr(handler, HANDLER_MARK, True)
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    root.addHandler(handler)
    root.setLevel(level)


def logged_path() -> str:
    """The path with secret segments starred and query values kept only where they cannot be personal."""
    path = request.path
    for name, value in (request.view_args or {}).items():
        if name in SECRET_VIEW_ARGS and isinstance(value, str) and value:
            path = path.replace(value, "*")
    pairs = [f"{key}={value if key in LOGGED_QUERY_VALUES else '*'}" for key, value in request.args.items(multi=True)]
    return path + ("?" + "&".join(pairs) if pairs else "")


def staff_user_id() -> int | None:
    """Moderators' and admins' ids go in the access log (who did what); other people stay anonymous there."""
    try:
        user = current_user
        if user is not None and user.is_authenticated and getattr(user, "is_moderator", False):
            return user.id
    except Exception:  # the database may be what failed: the access line must still be written
        log.warning("Access log: could not tell who was signed in", exc_info=True)
    return None


def start_request() -> None:
    g.request_started = time.perf_counter()
    offered = request.headers.get("X-Request-Id", "")
    g.request_id = offered if REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex


def finish_request(response):
    response.headers["X-Request-Id"] = current_request_id()
    duration_ms = round((time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000, 1)
    fields = {
        "method": request.method,
        "path": logged_path(),
        "status": response.status_code,
        "duration_ms": duration_ms,
        "user_id": staff_user_id(),
    }
    access_log.info("%(method)s %(path)s %(status)s %(duration_ms)sms", fields, extra=fields)
    return response


def init_app(app: Flask) -> None:
    from flask.logging import default_handler

    configure_logging(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])
    app.logger.removeHandler(default_handler)  # records reach the root handler; no second copy
    app.before_request(start_request)
    app.after_request(finish_request)
