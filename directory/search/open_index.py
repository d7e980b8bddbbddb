"""Per-process, per-app search state: the open snapshot and when to reopen it.

Each worker process opens the live generation on first use and keeps it. At most every
``RECHECK_SECONDS`` a search looks at the ``CURRENT`` pointer and the generation's TOC
number (a file read and a directory listing); if either moved, the next snapshot is
opened, reusing every segment already in memory. In-process writers call
``invalidate`` so their own process sees a change at once.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
import traceback
import warnings
from pathlib import Path

from flask import Flask

from directory.search import store
from directory.search.segdata import SegmentData
from directory.search.snapshot import Snapshot
from directory.search.taxonomy import Taxonomy

RECHECK_SECONDS = 0.25
RETRY_SECONDS = 1.0  # after a failed open, how long searches use the fallback first
EXTENSION_KEY = "directory_search"

log = logging.getLogger(__name__)


class IndexUnavailable(RuntimeError):
    """There is no usable index; ``str()`` says why in a few words."""


class SearchState:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._checked_at = 0.0
        self._failure: tuple[float, str] | None = None
        self._segments: dict[str, SegmentData] = {}

    def snapshot(self) -> Snapshot:
        """The current snapshot; raises ``IndexUnavailable`` when it cannot be opened."""
        now = time.monotonic()
        current = self._snapshot
        if current is not None and now - self._checked_at < RECHECK_SECONDS:
            return current
        with self._lock:
            if self._failure and now - self._failure[0] < RETRY_SECONDS and self._snapshot is None:
                raise IndexUnavailable(self._failure[1])
            try:
                self._snapshot = self._refresh(self._snapshot)
            except IndexUnavailable as exc:
                self._fail(str(exc))
                raise
            self._failure = None
            self._checked_at = time.monotonic()
            return self._snapshot

    def _refresh(self, current: Snapshot | None) -> Snapshot:
        generation = store.current_generation(self.root)
        if generation is None or not generation.is_dir():
            raise IndexUnavailable("no index has been built")
        if current is not None and current.directory == generation:
            if store.toc_generation(generation) == current.toc_generation:
                return current
        return _open(generation, self._segments)

    def _fail(self, message: str) -> None:
        held = self._snapshot is not None or bool(self._segments)
        self._snapshot = None
        self._segments = {}
        self._failure = (time.monotonic(), message)
        if held:  # what was open may sit in cycles; with nothing open (no index yet),
            _collect_quietly()  # a full collection every retry would only cost time

    def invalidate(self) -> None:
        """Make the next search look for a new generation immediately."""
        with self._lock:
            self._checked_at = 0.0
            self._failure = None

    def broken(self, exc: BaseException) -> None:
        """A search failed inside the index: drop the snapshot and retry later."""
        log.error("search index failed during a query: %r", exc)
        with self._lock:
            self._fail(f"index read failed ({type(exc).__name__})")


def _open(generation: Path, segments: dict[str, SegmentData]) -> Snapshot:
    """Open ``generation``; raises ``IndexUnavailable`` (only) when it cannot be read.

    A damaged index makes Whoosh raise from deep inside, leaving files open in the
    frames of the traceback (and it retries ten times, leaving one each time). The
    traceback is logged as text and let go here, with the warnings those files give
    when they are collected silenced, so nothing is left to warn at a random later
    moment (which, under ``-W error``, fails whichever test happens to be running).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            return Snapshot(generation, Taxonomy.load(generation / store.TAXONOMY), segments)
        except Exception as exc:  # a corrupt index raises anything from struct to EOF
            reason = f"unreadable index ({type(exc).__name__})"
            log.error(
                "search index %s cannot be opened: %s",
                generation,
                "".join(traceback.format_exception(exc)),
            )
        gc.collect()  # the frames that held the files form cycles with the exception
    raise IndexUnavailable(reason)


def _collect_quietly() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


_states_lock = threading.Lock()


def get_state(app: Flask) -> SearchState:
    """The app's search state, created on first use (nothing is opened here)."""
    state = app.extensions.get(EXTENSION_KEY)
    if state is None:
        with _states_lock:
            state = app.extensions.get(EXTENSION_KEY)
            if state is None:
                state = SearchState(Path(app.config["SEARCH_INDEX_DIR"]))
                app.extensions[EXTENSION_KEY] = state
    return state
