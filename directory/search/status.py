"""Comparing the index with the database: what is missing, extra or out of date."""

from __future__ import annotations

from typing import Any

from flask import current_app

from directory.search import store
from directory.search.bitmaps import Probe
from directory.search.documents import load_documents
from directory.search.indexer import pending
from directory.search.state import IndexUnavailable, get_state

SAMPLE = 20  # ids listed per kind of drift


def index_status(deep: bool = True) -> dict[str, Any]:
    """Documents in the index vs published practitioners in the database.

    Returns a dict with ``generation``, ``documents``, ``published``,
    ``pending_outbox``, ``missing`` / ``unexpected`` / ``stale`` (a few ids each, plus
    ``*_count``), ``segments``, ``in_sync`` and ``error`` (None when readable). With
    ``deep`` the database documents are rebuilt in memory and fingerprinted, which
    finds documents that exist but say something different (slow at scale). Read only.
    """
    report: dict[str, Any] = {"pending_outbox": pending(), "error": None}
    try:
        snapshot = get_state(current_app).snapshot()
    except IndexUnavailable as exc:
        report.update(error=str(exc), in_sync=False, documents=0)
        return report
    live = Probe(snapshot.live)
    indexed: dict[int, int] = {}
    for data, offset in snapshot.segments:
        fingerprints = data.fingerprints()
        for local, pid in enumerate(data.pids):
            if pid and (offset + local) in live:
                indexed[pid] = fingerprints[local]
    docs = load_documents()
    published = {d.pid: d for d in docs}
    missing = sorted(set(published) - set(indexed))
    unexpected = sorted(set(indexed) - set(published))
    stale = sorted(
        pid for pid, doc in published.items()
        if deep and pid in indexed and indexed[pid] != doc.fingerprint()
    )
    report.update(
        generation=snapshot.directory.name,
        toc_generation=snapshot.toc_generation,
        segments=len(snapshot.segments),
        documents=len(indexed),
        published=len(published),
        size_bytes=store.size_bytes(snapshot.directory),
    )
    for name, ids in (("missing", missing), ("unexpected", unexpected), ("stale", stale)):
        report[name] = ids[:SAMPLE]
        report[f"{name}_count"] = len(ids)
    report["in_sync"] = not (missing or unexpected or stale)
    return report

