"""The search entry points used by services, the CLI and the health check."""

from __future__ import annotations

import logging
import time
from datetime import date

from flask import Flask, current_app

from directory import clock
from directory.search import engine, fallback, indexer
from directory.search.open_index import IndexUnavailable, get_state
from directory.search.types import SearchQuery, SearchResults

log = logging.getLogger(__name__)


def search(query: SearchQuery, *, today: date | None = None) -> SearchResults:
    """Answer ``query`` from the current app's index.

    Never raises because of the index: when it is missing or unreadable, or fails during
    the query, the database answers instead and ``degraded`` is True.
    """
    day = today or clock.today()
    state = get_state(current_app)
    try:
        snapshot = state.snapshot()
    except IndexUnavailable as exc:
        log.warning("search degraded to the database: %s", exc)
        return fallback.search(query, day)
    try:
        return engine.run(snapshot, query, day.strftime("%Y%m%d"))
    except Exception as exc:  # a corrupt segment can fail in many ways; the public gets answers
        log.exception("search index failed; answering from the database")
        state.broken(exc)
        return fallback.search(query, day)


def check_index(app: Flask) -> tuple[bool, str]:
    """``(True, "ok")`` when the index can be opened and read, else ``(False, reason)``.
    Cheap after the first call (the snapshot is cached); never raises."""
    try:
        snapshot = get_state(app).snapshot()
    except IndexUnavailable as exc:
        return False, str(exc)
    except Exception as exc:  # health checks must answer, whatever happened
        return False, f"{type(exc).__name__}"
    return True, "ok" if snapshot.searcher is not None else "no searcher"


def ensure_index(app: Flask) -> str:
    """Build the index if it is missing or unreadable, else apply queued changes;
    returns a short description of what it found or did. Commits."""
    with app.app_context():
        try:
            snapshot = get_state(app).snapshot()
        except IndexUnavailable:
            started = time.perf_counter()
            report = indexer.rebuild()
            return f"built {report.documents} documents in {time.perf_counter() - started:.1f} s"
        applied = 0
        while batch := indexer.apply_outbox():
            applied += batch
        if applied:
            snapshot = get_state(app).snapshot()
            return f"up to date ({snapshot.documents} documents; applied {applied} queued changes)"
        return f"up to date ({snapshot.documents} documents)"
