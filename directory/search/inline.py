"""Wiring search into an app, and keeping a single-process dev server's index current.

``init_app`` checks the Whoosh pin (so a wrong install fails at start-up, not at the
first search) and, when ``SEARCH_INLINE_INDEXING`` is on, arranges for one daemon
thread per process to apply the outbox every half second. The thread is started by
the first request, not at import or in ``create_app``, so CLI commands, tests and
imports start nothing. It is a polling thread rather than a hook on SQLAlchemy
session events: index sync stays visible and in one place, and changes made by other
processes (CLI, admin tools) are picked up too. Production turns the setting off and
runs ``flask search run-indexer`` as its own small process.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask

from directory.search.whoosh_internals import check_whoosh_version

INTERVAL_SECONDS = 0.2  # with the write itself, keeps changes searchable within a second
_THREAD_KEY = "directory_search_inline"

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Check the Whoosh pin (raises ``RuntimeError``) and register the lazy indexer."""
    check_whoosh_version()
    if app.config["SEARCH_INLINE_INDEXING"]:
        app.before_request(lambda: _start_once(app))


def _start_once(app: Flask) -> None:
    if app.extensions.get(_THREAD_KEY) is not None:
        return
    with _start_lock:
        if app.extensions.get(_THREAD_KEY) is not None:
            return
        stop = threading.Event()
        thread = threading.Thread(
            target=_loop, args=(app, stop), name="search-inline-indexer", daemon=True
        )
        app.extensions[_THREAD_KEY] = (thread, stop)
        thread.start()


_start_lock = threading.Lock()


def stop_inline(app: Flask, timeout: float = 5.0) -> None:
    """Stop the app's inline indexer thread, if running (tests and clean shutdowns)."""
    entry = app.extensions.pop(_THREAD_KEY, None)
    if entry is not None:
        thread, stop = entry
        stop.set()
        thread.join(timeout)


def _loop(app: Flask, stop: threading.Event) -> None:
    from directory.search.indexer import apply_outbox

    while not stop.wait(INTERVAL_SECONDS):
        try:
            with app.app_context():
                # Don't queue behind a rebuild or the standalone indexer: try next tick.
                apply_outbox(wait=False)
        except Exception:  # keep the thread alive; the next tick retries
            log.exception("inline search indexing failed")
