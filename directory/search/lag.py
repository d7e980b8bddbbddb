"""How far behind the log each registered index replica is: changes and seconds."""

from __future__ import annotations

from typing import Any

from flask import current_app

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import SearchOutbox, SearchReplica
from directory.search import changelog


def replica_lags() -> list[dict[str, Any]]:
    """One dict per registered replica, by name: ``name``, ``this_node``, ``position``,
    ``changes_behind``, ``seconds_behind`` (age of the oldest change it has not
    applied; 0 when none), ``applied_at``, ``seen_at`` and ``state`` ("ok", or "degraded" past
    ``SEARCH_REPLICA_MAX_LAG_SECONDS`` / ``_CHANGES``). Read only."""
    config = current_app.config
    max_seconds = float(config["SEARCH_REPLICA_MAX_LAG_SECONDS"])
    max_changes = int(config["SEARCH_REPLICA_MAX_LAG_CHANGES"])
    mine = changelog.replica_name()
    now = utcnow()
    report = []
    for replica in db.session.scalars(db.select(SearchReplica).order_by(SearchReplica.name)):
        count, oldest = db.session.execute(
            db.select(db.func.count(SearchOutbox.id), db.func.min(SearchOutbox.created_at)).where(
                changelog.unapplied(replica)
            )
        ).one()
        seconds = max(0.0, (now - oldest).total_seconds()) if oldest else 0.0
        degraded = seconds > max_seconds or count > max_changes
        report.append(
            {
                "name": replica.name,
                "this_node": replica.name == mine,
                "position": replica.position,
                "changes_behind": int(count),
                "seconds_behind": round(seconds, 3),
                "applied_at": replica.applied_at.isoformat(),
                "seen_at": replica.seen_at.isoformat(),
                "state": "degraded" if degraded else "ok",
            }
        )
    return report
