"""Comparing the index with the database: what is missing, extra or out of date.

A change waiting in the outbox is not drift: the indexer will apply it within a
second. Only differences the queue does not explain are reported as drift, and only
those that are still there when looked at again a moment later (the indexer may
apply a row between our reading the index and our reading the queue).
"""

from __future__ import annotations

import time
from typing import Any

from flask import current_app

from directory.extensions import db
from directory.models import SearchOutbox
from directory.search import changelog, store
from directory.search.bitmaps import Probe
from directory.search.document_loader import load_documents
from directory.search.indexer import pending
from directory.search.lag import replica_lags
from directory.search.open_index import IndexUnavailable, get_state
from directory.search.snapshot import Snapshot

SAMPLE = 20  # ids listed per kind of drift
KINDS = ("missing", "unexpected", "stale")
RECHECK_PAUSE = 0.5  # seconds before drift is looked at again


def index_status(deep: bool = True) -> dict[str, Any]:
    """Documents in the index vs published practitioners in the database.

    Returns a dict with ``generation``, ``documents``, ``published``,
    ``pending_outbox`` (changes this node's replica has not applied), ``replicas`` (each
    registered replica's lag, see ``lag.replica_lags``), ``missing`` / ``unexpected`` /
    ``stale`` (a few ids each, plus ``*_count``): differences no queued change explains;
    ``pending`` / ``pending_count``: differences a change this replica has yet to apply
    will fix; ``segments``, ``in_sync`` (no unexplained drift) and ``error`` (None when
    readable). With ``deep`` the database documents are rebuilt in memory and
    fingerprinted, which finds documents that exist but say something different (slow
    at scale). Read only.
    """
    report: dict[str, Any] = {
        "pending_outbox": pending(),
        "replicas": replica_lags(),
        "error": None,
    }
    try:
        snapshot = get_state(current_app).snapshot()
    except IndexUnavailable as exc:
        report.update(error=str(exc), in_sync=False, documents=0)
        return report
    drift, explained, counts = _compare(snapshot, deep)
    if any(drift.values()):
        time.sleep(RECHECK_PAUSE)
        state = get_state(current_app)
        state.invalidate()
        again, explained_again, counts = _compare(state.snapshot(), deep)
        explained |= explained_again
        drift = {kind: sorted(set(drift[kind]) & set(again[kind])) for kind in KINDS}
    report.update(
        generation=snapshot.directory.name,
        toc_generation=snapshot.toc_generation,
        segments=len(snapshot.segments),
        size_bytes=store.size_bytes(snapshot.directory),
        **counts,
    )
    for name, ids in drift.items():
        report[name] = ids[:SAMPLE]
        report[f"{name}_count"] = len(ids)
    report["pending"] = sorted(explained)[:SAMPLE]
    report["pending_count"] = len(explained)
    report["in_sync"] = not any(drift.values())
    return report


def _queued() -> tuple[set[int], bool]:
    """Practitioner ids with a queued outbox row, and whether a full rebuild is queued."""
    query = db.select(SearchOutbox.practitioner_id, SearchOutbox.scope)
    if (replica := changelog.load()) is not None:  # rows it applied are not queued for it
        query = query.where(changelog.unapplied(replica))
    rows = db.session.execute(query).all()
    db.session.rollback()  # a fresh snapshot of the database for the next read
    return {pid for pid, _ in rows if pid is not None}, any(s == "all" for _, s in rows)


def _compare(
    snapshot: Snapshot, deep: bool
) -> tuple[dict[str, list[int]], set[int], dict[str, int]]:
    """(unexplained drift by kind, ids whose drift a queued row explains, counts)."""
    queued_before, everything = _queued()
    live = Probe(snapshot.live)
    indexed: dict[int, int] = {}
    for data, offset in snapshot.segments:
        fingerprints = data.fingerprints()
        for local, pid in enumerate(data.pids):
            if pid and (offset + local) in live:
                indexed[pid] = fingerprints[local]
    published = {d.pid: d for d in load_documents()}
    queued_after, everything_after = _queued()
    queued = queued_before | queued_after
    found = {
        "missing": set(published) - set(indexed),
        "unexpected": set(indexed) - set(published),
        "stale": {
            pid
            for pid, doc in published.items()
            if deep and pid in indexed and indexed[pid] != doc.fingerprint()
        },
    }
    if everything or everything_after:
        queued = set().union(*found.values())
    explained = {pid for ids in found.values() for pid in ids if pid in queued}
    drift = {kind: sorted(ids - explained) for kind, ids in found.items()}
    return drift, explained, {"documents": len(indexed), "published": len(published)}
