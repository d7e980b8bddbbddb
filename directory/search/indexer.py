"""Keeping the index in step with the database, which is the source of truth.

Services add a ``SearchOutbox`` row in the same transaction as any change that affects
search. ``apply_outbox`` reads the rows this node's replica has not applied (see
``changelog``), rewrites those practitioners' documents from the database as it is now,
commits the index, and only then records the replica's new position: a crash in
between means the rows are applied again (harmless), never lost. A row with scope
"all" (taxonomy changed) triggers a rebuild. Every writer holds the cross-process
indexer lock, so the indexer, a rebuild and the dev-server thread never interleave.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from pathlib import Path

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from directory.extensions import db
from directory.models import SearchOutbox
from directory.search import changelog, store, writer
from directory.search.document_loader import load_documents
from directory.search.open_index import IndexUnavailable, get_state
from directory.search.taxonomy import from_database
from directory.search.types import RebuildReport

# A live generation that cannot be opened is rebuilt; a rebuild that fails too (a full
# disk, say) is retried after 1, 2, 4 ... seconds, up to this many.
REPAIR_BACKOFF_MAX = 300.0

log = logging.getLogger(__name__)
# root -> (monotonic time before which no repair is tried, the next delay)
_repair_backoff: dict[Path, tuple[float, float]] = {}
_now = time.monotonic  # the back-off's clock (tests move it)


def _root() -> Path:
    return Path(current_app.config["SEARCH_INDEX_DIR"])


def index_practitioners(ids: Iterable[int]) -> int:
    """Rewrite these practitioners' documents from the database (removing those no
    longer public); returns how many documents were written. Builds the whole index
    first if there is none. Commits the index, not the database."""
    wanted = set(ids)
    with store.writer_lock(_root()):
        return _update(wanted)


def remove_practitioners(ids: Iterable[int]) -> None:
    """Drop these practitioners' documents (whatever the database says)."""
    unwanted = set(ids)
    with store.writer_lock(_root()):
        generation = store.current_generation(_root())
        if generation is None:
            return
        writer.update_generation(generation, [], unwanted)
    get_state(current_app).invalidate()


def _update(wanted: set[int]) -> int:
    generation = store.current_generation(_root())
    if generation is None:
        return _rebuild_locked().documents
    docs = load_documents(wanted)
    writer.update_generation(generation, docs, wanted)
    get_state(current_app).invalidate()
    return len(docs)


def apply_outbox(limit: int = 500, wait: bool = True) -> int:
    """Apply up to ``limit`` changes this node's replica has not seen, oldest first, plus
    any late-committing ones (see ``changelog``); returns the changes applied (0 when
    none are waiting, or when ``wait`` is False and another writer holds the lock).
    Commits the index, then the replica's new position, then prunes the log. A replica
    that is not registered (new node, or away past the retention window) rebuilds."""
    try:
        with store.writer_lock(_root(), wait=wait):
            if (repaired := _repair_if_unreadable()) is not None:
                return repaired
            replica = changelog.load()
            # new, or its build failed
            if replica is None or replica.position < 0 or store.current_generation(_root()) is None:
                return _rebuild_locked().outbox_rows_cleared
            batch = changelog.read(replica, limit)
            changes = batch.changes
            if any(change.scope == "all" for change in changes):
                _rebuild_locked()  # records a position at least as far on
                return len(changes)
            if changes:
                try:
                    _update({c.practitioner_id for c in changes if c.practitioner_id is not None})
                except SQLAlchemyError:
                    raise
                except Exception as exc:
                    # Unreadable files: the next call finds the index broken and rebuilds.
                    get_state(current_app).broken(exc)
                    raise
            changelog.advance(replica, batch)
            db.session.commit()
            if changes:
                changelog.prune()
            return len(changes)
    except store.IndexBusy:
        return 0


def _repair_if_unreadable() -> int | None:
    """Rebuild a live generation that exists but cannot be opened (with the lock held);
    returns the outbox rows the rebuild cleared, 0 while backing off after a failed
    rebuild, or None when the index is readable (or absent: rows build it)."""
    root = _root()
    not_before, delay = _repair_backoff.get(root, (0.0, 1.0))
    if _now() < not_before:
        return 0
    if store.current_generation(root) is None:
        return None
    try:
        get_state(current_app).snapshot()
        return None
    except IndexUnavailable as exc:
        reason = str(exc)
    log.error("search index unreadable (%s); rebuilding it", reason)
    try:
        report = _rebuild_locked()
    except Exception:
        db.session.rollback()
        _repair_backoff[root] = (_now() + delay, min(delay * 2, REPAIR_BACKOFF_MAX))
        log.exception("rebuilding the unreadable index failed; next try in %.0f s", delay)
        return 0
    _repair_backoff.pop(root, None)
    log.warning("search index rebuilt: %d documents", report.documents)
    return report.outbox_rows_cleared


def pending() -> int:
    """Changes this node's replica has not applied yet (every row, before it has one)."""
    replica = changelog.load()
    query = db.select(db.func.count(SearchOutbox.id))
    if replica is None:
        return db.session.scalar(query) or 0
    return db.session.scalar(query.where(changelog.unapplied(replica))) or 0


def rebuild() -> RebuildReport:
    """Build a complete new generation from the database and swap it in atomically;
    moves this node's replica to the log's head as it was before the data was read.
    Searches carry on against the old generation meanwhile. Commits."""
    with store.writer_lock(_root()):
        return _rebuild_locked()


def _rebuild_locked() -> RebuildReport:
    started = time.perf_counter()
    root = _root()
    # The head is read first: every change committed up to it is in the data read
    # below; later ones, and earlier ones still in flight (gaps), are read from the log.
    # Only reads happen during the build, so writers (SQLite's one at a time) go on.
    before = changelog.load()
    behind = before.position if before is not None else 0
    at = changelog.head()
    changelog.hold(at)
    covered = (
        db.session.scalar(
            db.select(db.func.count(SearchOutbox.id)).where(
                SearchOutbox.id > behind, SearchOutbox.id <= at.position
            )
        )
        or 0
    )
    taxonomy = from_database()
    docs = load_documents()
    procs = int(current_app.config["SEARCH_BUILD_PROCS"] or writer.default_procs())
    generation = writer.create_generation(root, docs, taxonomy, procs=procs)
    store.publish(root, generation)
    changelog.move_to(at)
    db.session.commit()
    changelog.prune()
    grace = current_app.config["SEARCH_GENERATION_GRACE"]
    store.remove_old(root, float(grace))
    get_state(current_app).invalidate()
    return RebuildReport(
        documents=len(docs),
        seconds=time.perf_counter() - started,
        generation=generation.name,
        size_bytes=store.size_bytes(generation),
        outbox_rows_cleared=covered,
    )
