"""The outbox read as a change log by several index replicas, one per node.

Each replica (``SEARCH_REPLICA_NAME``, the host name by default) keeps its own place in
the log in a ``search_replicas`` row, so any number of nodes follow the same rows.

The ordering trap: ids are handed out when a row is inserted, but transactions commit
in any order, so row 41 can become visible after row 42. A cursor that only moved
forward would skip 41 for ever. So on PostgreSQL, when a read jumps over ids it has
not seen, they become *gaps*, re-read on every poll until PostgreSQL's snapshot
horizon shows that no transaction that could hold them is still running (see
``read``); a gap that appears is applied, one that never does was a rolled-back
insert. (SQLite has one writer at a time, so it has no such gaps.) Applying a row
rewrites the practitioner from the database as it is now, so applying it twice is
harmless.

Rows are pruned up to the lowest ``applied_through`` of the registered replicas, and
any row older than ``SEARCH_LOG_RETENTION_SECONDS`` whatever the replicas say; a replica
not seen for that long is unregistered and rebuilds from the database when it returns.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, Row

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import SearchOutbox, SearchReplica

BOOTSTRAP_LOOKBACK = 10_000  # ids below the head checked for in-flight rows on a build
MAX_GAPS = 50_000
HEARTBEAT_SECONDS = 10.0
SETTLE_SECONDS = 1.0


@dataclass(frozen=True)
class Change:
    id: int
    practitioner_id: int | None
    scope: str


def replica_name() -> str:
    return str(current_app.config["SEARCH_REPLICA_NAME"] or socket.gethostname())


def _setting(key: str) -> float:
    return float(current_app.config[key])  # defaults: config.py


def load(name: str | None = None) -> SearchReplica | None:
    """This node's replica row, or None when it must build its index first."""
    return db.session.get(SearchReplica, name or replica_name())


Gap = tuple[float, "int | None"]  # (first noticed, epoch; xmax once it may settle)


def gaps_of(replica: SearchReplica) -> dict[int, Gap]:
    """The ids this replica jumped over and still watches."""
    entries = json.loads(replica.gaps or "[]")
    return {
        int(entry[0]): (float(entry[1]), entry[2] if len(entry) > 2 else None) for entry in entries
    }


def unapplied(replica: SearchReplica) -> ColumnElement[bool]:
    """A condition on ``SearchOutbox`` for the rows this replica has not applied."""
    newer = SearchOutbox.id > replica.position
    gaps = list(gaps_of(replica))
    return (newer | SearchOutbox.id.in_(gaps)) if gaps else newer


def _snapshot() -> tuple[int, int] | None:
    """PostgreSQL's (xmin, xmax) now: every transaction id below xmin has ended, every
    one from xmax on has not started. None on SQLite, where writers take turns, so an
    id below a committed one can never still be in flight."""
    if db.session.get_bind().dialect.name != "postgresql":
        return None
    row = db.session.execute(
        db.text(
            "SELECT pg_snapshot_xmin(s)::text::bigint, pg_snapshot_xmax(s)::text::bigint "
            "FROM pg_current_snapshot() AS s"
        )
    ).one()
    return int(row[0]), int(row[1])


@dataclass(frozen=True)
class Batch:
    """Changes read from the log, and where the replica stands once they are applied."""

    changes: list[Change]
    position: int
    gaps: dict[int, Gap]


def read(replica: SearchReplica, limit: int) -> Batch:
    """Rows this replica has not applied: the next ``limit`` after its position, and
    any of its gaps that have since committed, with the position and gaps to record
    (``advance``) once they are applied. Read only: nothing is written while the
    index is updated, so SQLite's single writer slot stays free for the site.

    A gap settles when no transaction that could hold its id is still running: once
    it is ``SETTLE_SECONDS`` old (any transaction holding the id has had its own
    transaction id long since) its snapshot xmax is noted, and once the oldest running
    transaction is past that, a gap still missing was rolled back (or deleted). Gaps
    older than ``SEARCH_LOG_GAP_SECONDS`` are forgotten whatever, so one forgotten
    open transaction cannot hold back pruning for ever.
    """
    gaps = gaps_of(replica)
    snapshot = _snapshot()  # before the re-read below, so nothing commits unseen
    query = db.select(SearchOutbox.id, SearchOutbox.practitioner_id, SearchOutbox.scope)
    late: Sequence[Row[Any]] = []
    if gaps:
        late = db.session.execute(query.where(SearchOutbox.id.in_(sorted(gaps)))).all()
    rows = db.session.execute(
        query.where(SearchOutbox.id > replica.position).order_by(SearchOutbox.id).limit(limit)
    ).all()
    now = time.time()
    for row in late:
        gaps.pop(row.id, None)
    gaps = _unsettled(gaps, snapshot, now)
    if snapshot is not None:  # SQLite: ids below a committed one are never in flight
        expected = replica.position + 1
        for row in rows:
            gaps.update((missing, (now, None)) for missing in range(expected, row.id))
            expected = row.id + 1
    changes = [Change(r.id, r.practitioner_id, r.scope) for r in (*late, *rows)]
    return Batch(changes, rows[-1].id if rows else replica.position, gaps)


def advance(replica: SearchReplica, batch: Batch) -> None:
    """Record that ``batch`` is applied (not committed)."""
    replica.position = batch.position
    _store_gaps(replica, dict(batch.gaps))
    mark_applied(replica, applied=len(batch.changes))


def _unsettled(
    gaps: dict[int, Gap], snapshot: tuple[int, int] | None, now: float
) -> dict[int, Gap]:
    expiry = _setting("SEARCH_LOG_GAP_SECONDS")
    kept: dict[int, Gap] = {}
    for gap, (since, xmax) in gaps.items():
        if snapshot is None or now - since >= expiry:
            continue
        if xmax is not None and snapshot[0] >= xmax:
            continue  # every transaction that could have held it has ended
        if xmax is None and now - since >= SETTLE_SECONDS:
            xmax = snapshot[1]
        kept[gap] = (since, xmax)
    return kept


def _store_gaps(replica: SearchReplica, gaps: dict[int, Gap]) -> None:
    if len(gaps) > MAX_GAPS:  # e.g. a huge rolled-back import: keep the newest
        gaps = dict(sorted(gaps.items())[-MAX_GAPS:])
    replica.gaps = json.dumps(
        sorted([gap, round(since, 3), xmax] for gap, (since, xmax) in gaps.items())
    )
    replica.applied_through = (min(gaps) - 1) if gaps else replica.position


def mark_applied(replica: SearchReplica, applied: int) -> None:
    """Record a successful poll that applied ``applied`` changes (not committed). An
    idle replica refreshes ``seen_at`` only every ``HEARTBEAT_SECONDS``, so polling an
    empty log writes nothing."""
    now = utcnow()
    if applied:
        replica.applied_at = now
    if applied or (now - replica.seen_at).total_seconds() >= HEARTBEAT_SECONDS:
        replica.seen_at = now


@dataclass(frozen=True)
class Head:
    """Where a build from the database leaves a replica in the log."""

    position: int
    gaps: dict[int, Gap]


def head() -> Head:
    """The log's head, read before the index is built from the database: every row up
    to it is in that build, except rows still in flight, which become gaps. Read only.

    Other replicas know ids already pruned (the table may even be empty): the head is
    the furthest any of them has read, and ids up to the slowest one's
    ``applied_through`` are settled, so only those above it can still be in flight.
    """
    name = replica_name()
    others = db.select(SearchReplica).where(SearchReplica.name != name)
    positions = [(r.position, r.applied_through) for r in db.session.scalars(others)]
    top = max(
        [db.session.scalar(db.select(db.func.max(SearchOutbox.id))) or 0]
        + [position for position, _ in positions]
    )
    settled = min((through for _, through in positions), default=0)
    window = max(0, top - BOOTSTRAP_LOOKBACK, settled)
    if _snapshot() is None:  # SQLite: nothing below the head is in flight
        return Head(top, {})
    present = set(db.session.scalars(db.select(SearchOutbox.id).where(SearchOutbox.id > window)))
    now = time.time()
    return Head(top, {gap: (now, None) for gap in range(window + 1, top + 1) if gap not in present})


def hold(at: Head) -> None:
    """Register this node's replica, unbuilt (position -1), if it has no row yet, so
    no row after ``at`` is pruned while its index is built. Commits (a short write:
    the build itself only reads)."""
    if load() is None:
        db.session.add(SearchReplica(name=replica_name(), position=-1, applied_through=at.position))
        db.session.commit()


def move_to(at: Head) -> SearchReplica:
    """Record that this node's index now holds everything up to ``at`` (not committed)."""
    replica = load()
    if replica is None:  # unregistered meanwhile (retention): register again
        replica = SearchReplica(name=replica_name())
        db.session.add(replica)
    replica.position = at.position
    _store_gaps(replica, dict(at.gaps))
    mark_applied(replica, applied=1)
    return replica


def prune() -> int:
    """Delete rows every registered replica has applied, and rows (and replicas) past
    the retention window; returns the rows deleted. Commits."""
    retention = timedelta(seconds=_setting("SEARCH_LOG_RETENTION_SECONDS"))
    cutoff = utcnow() - retention
    db.session.execute(db.delete(SearchReplica).where(SearchReplica.seen_at < cutoff))
    horizon = db.session.scalar(db.select(db.func.min(SearchReplica.applied_through))) or 0
    result = db.session.execute(
        db.delete(SearchOutbox).where(
            (SearchOutbox.id <= horizon) | (SearchOutbox.created_at < cutoff)
        )
    )
    db.session.commit()
    return int(getattr(result, "rowcount", 0) or 0)
