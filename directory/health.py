"""Health checks for a load balancer or orchestrator.

- ``GET /health/live`` (liveness): the worker answers requests at all. Touches neither
  the database nor the index, so a database outage never gets healthy workers killed.
- ``GET /health`` (readiness): should this worker get traffic? 503 (with
  ``Retry-After``) only when the database does not answer within its timeouts. An
  unreadable search index answers 200 with ``"search_index": "degraded"``: searches are
  then answered from the database, correctly if more slowly, so taking every worker out
  of rotation would turn a slower site into no site.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from directory.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/health/live")
def live() -> Response:
    return jsonify({"status": "ok"})


@bp.get("/health")
def health() -> tuple[Response, int]:
    from directory import search

    checks: dict[str, str] = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except SQLAlchemyError as exc:
        db.session.rollback()
        checks["database"] = f"unavailable: {type(exc).__name__}"
    ok, detail = search.check_index(current_app)
    checks["search_index"] = "ok" if ok else "degraded"
    if not ok:
        checks["search_index_detail"] = detail
    ready = checks["database"] == "ok"
    status = "unavailable" if not ready else "ok" if ok else "degraded"
    response = jsonify({"status": status, "checks": checks})
    if not ready:
        response.headers["Retry-After"] = str(current_app.config["RETRY_AFTER_SECONDS"])
    return response, 200 if ready else 503
