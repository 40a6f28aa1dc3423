"""/healthz says the process answers (no dependency is asked, so a database outage does not restart workers);
/readyz asks the database, Redis and the search index, and answers 503 when this node should get no traffic.

A Redis outage is reported as "degraded" but keeps the node ready: rate limits fall back to memory meanwhile, and
taking every node out of the load balancer would turn a degraded service into none.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, jsonify

from directory.extensions import db
from directory.listings import documents, index_health

bp = Blueprint("health", __name__)

NO_STORE = {"Cache-Control": "no-store"}


@bp.get("/healthz")
def healthz():
    return Response("ok\n", mimetype="text/plain", headers=NO_STORE)


@bp.get("/readyz")
def readyz():
    checks = {"database": database(), "redis": redis(), "search_index": search_index()}
    ready = all(check["status"] in ("ok", "degraded", "not used") for check in checks.values())
    return jsonify({"status": "ready" if ready else "not ready", "checks": checks}), 200 if ready else 503, NO_STORE


def database() -> dict:
    try:
        db.session.execute(sa.text("select 1"))
        return {"status": "ok"}
    except Exception as error:  # any failure to answer is "down"; say which
        db.session.rollback()
        return {"status": "down", "error": type(error).__name__}


def redis() -> dict:
    uri = current_app.config.get("RATELIMIT_STORAGE_URI", "")
    if not uri.startswith(("redis://", "rediss://")):
        return {"status": "not used"}
    try:
        import redis as redis_client

        redis_client.Redis.from_url(uri, socket_connect_timeout=0.5, socket_timeout=0.5).ping()
        return {"status": "ok"}
    except Exception as error:  # counted in memory meanwhile: see the module docstring
        return {"status": "degraded", "error": type(error).__name__}


def search_index() -> dict:
    try:
        expected = documents.searchable_count()
    except Exception:
        db.session.rollback()
        return {"status": "unknown", "error": "the database did not answer"}
    count, problem = index_health.probe(fresh=False)
    if problem is not None or index_health.rebuilding():
        return {"status": "rebuilding", "error": problem or "a rebuild is under way", "expected": expected}
    status = "ok" if count == expected else "out of step"
    return {"status": status, "documents": count, "expected": expected}
