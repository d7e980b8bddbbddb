"""Health checks for a load balancer or orchestrator.

- ``GET /health/live`` (liveness): the worker answers requests at all. Touches neither
  the database nor the index, so a database outage never gets healthy workers killed.
- ``GET /health`` (readiness): should this worker get traffic? 503 (with
  ``Retry-After``) only when the database does not answer within its timeouts. An
  unreadable search index answers 200 with ``"search_index": "degraded"``: searches are
  then answered from the database, correctly if more slowly, so taking every worker out
  of rotation would turn a slower site into no site. Likewise a node whose index
  replica lags the change log past ``SEARCH_REPLICA_MAX_LAG_SECONDS`` answers 200 with
  ``"search_replica": "degraded: ..."`` (still serving, a little stale: a lag that hits
  every node at once must not empty the pool). ``replicas`` lists every node's lag.
"""

from __future__ import annotations

from typing import Any

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
    from directory.search.lag import replica_lags

    checks: dict[str, str] = {}
    replicas: list[dict[str, Any]] = []
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
        replicas = replica_lags()
    except SQLAlchemyError as exc:
        db.session.rollback()
        checks["database"] = f"unavailable: {type(exc).__name__}"
    ok, detail = search.check_index(current_app)
    checks["search_index"] = "ok" if ok else "degraded"
    if not ok:
        checks["search_index_detail"] = detail
    mine = next((r for r in replicas if r["this_node"]), None)
    if mine is not None:
        checks["search_replica"] = (
            "ok"
            if mine["state"] == "ok"
            else (
                f"degraded: {mine['changes_behind']} changes, {mine['seconds_behind']:.0f} s behind"
            )
        )
    ready = checks["database"] == "ok"
    fine = all(value == "ok" for key, value in checks.items() if key != "search_index_detail")
    status = "unavailable" if not ready else "ok" if fine else "degraded"
    response = jsonify({"status": status, "checks": checks, "replicas": replicas})
    if not ready:
        response.headers["Retry-After"] = str(current_app.config["RETRY_AFTER_SECONDS"])
    return response, 200 if ready else 503
