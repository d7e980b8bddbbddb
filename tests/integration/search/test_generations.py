"""Rebuilds swap a whole new generation in while searches carry on; every process
(web workers, the dev server's own thread) notices a new generation by itself."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask

from directory import create_app, search
from directory.extensions import db
from directory.models import Practitioner
from directory.search import engine, inline, open_index, store

from ._support import LEEDS, TODAY, add_practitioner, find, found, offset, point_of

HERE = point_of(LEEDS)


@pytest.fixture
def two(reindex) -> None:
    add_practitioner("First Meso", [offset(HERE, 1, 0)], ["mesotherapy"])
    add_practitioner("Second Meso", [offset(HERE, 2, 0)], ["mesotherapy"])
    reindex()


def _add_third() -> None:
    add_practitioner("Third Meso", [offset(HERE, 0.5, 0)], ["mesotherapy"])
    db.session.commit()


def test_a_searcher_opened_before_a_rebuild_keeps_answering(two, app):
    before = open_index.get_state(app).snapshot()
    _add_third()
    report = search.rebuild()
    assert report.documents == 3 and report.outbox_rows_cleared == 0

    # The old generation is still on disk and its searcher answers from it...
    query = search.SearchQuery(
        lat=HERE[0], lon=HERE[1], radius_miles=5, treatment="mesotherapy", checked="any"
    )
    old = engine.run(before, query, TODAY.strftime("%Y%m%d"))
    assert [h.practitioner_id for h in old.hits] == _ids("first-meso", "second-meso")
    assert before.directory.is_dir() and before.directory.name != report.generation
    # ...while every new search sees the new one.
    assert found(near=HERE, radius_miles=5) == ["third-meso", "first-meso", "second-meso"]


def test_searches_during_rebuilds_always_get_a_whole_answer(two, app):
    old, new = ["first-meso", "second-meso"], ["third-meso", "first-meso", "second-meso"]
    answers: list[tuple[bool, list[int]]] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def keep_searching() -> None:
        with app.app_context():
            try:
                while not stop.is_set():
                    results = find(near=HERE, radius_miles=5)
                    answers.append((results.degraded, [h.practitioner_id for h in results.hits]))
            except BaseException as exc:  # reported below, in the test's own thread
                failures.append(exc)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        time.sleep(0.05)
        _add_third()
        for _ in range(3):
            search.rebuild()
        time.sleep(0.05)
    finally:
        stop.set()
        searcher.join(10)
    assert not failures
    assert answers and not any(degraded for degraded, _ in answers)
    allowed = {tuple(_ids(*old)), tuple(_ids(*new))}
    assert {tuple(ids) for _, ids in answers} <= allowed
    assert answers[-1][1] == _ids(*new)


def test_old_generations_are_removed_after_their_grace_period(two, app):
    root = Path(app.config["SEARCH_INDEX_DIR"])
    first = store.current_generation(root)
    app.config["SEARCH_GENERATION_GRACE"] = 0
    search.rebuild()
    live = store.current_generation(root)
    assert live != first and live is not None and live.is_dir()
    assert sorted(p.name for p in root.glob("gen-*")) == [live.name]


@contextmanager
def _another_process(app: Flask, **config: object) -> Iterator[Flask]:
    """Another app on the same database and index folder, as a second web worker."""
    other = create_app(dict(app.config) | config)
    try:
        yield other
    finally:
        inline.stop_inline(other)
        with other.app_context():
            db.engine.dispose()


def test_another_worker_notices_changes_and_swaps(two, app, monkeypatch):
    monkeypatch.setattr(open_index, "RECHECK_SECONDS", 0.0)
    with _another_process(app) as worker:
        with worker.app_context():
            assert found(near=HERE, radius_miles=5) == ["first-meso", "second-meso"]
        _add_third()
        search.index_practitioners(_ids("third-meso"))  # the indexer process
        with worker.app_context():
            assert found(near=HERE, radius_miles=5)[0] == "third-meso"
        search.rebuild()
        with worker.app_context():
            assert found(near=HERE, radius_miles=5) == ["third-meso", "first-meso", "second-meso"]
            assert not find(near=HERE, radius_miles=5).degraded


def test_the_dev_server_thread_keeps_the_index_current(two, app):
    with _another_process(app, SEARCH_INLINE_INDEXING=True) as server:
        server.test_client().get("/health")  # the first request starts the thread
        first = db.session.scalar(db.select(Practitioner).filter_by(slug="first-meso"))
        first.display_name = "Renamed Meso"
        from directory.services import outbox

        outbox.mark_practitioner(first.id)
        db.session.commit()
        committed = time.monotonic()
        while time.monotonic() - committed < 5 and found("renamed") != ["first-meso"]:
            time.sleep(0.05)
        assert found("renamed") == ["first-meso"]
        # Polled every half second; the slack is for a busy test machine.
        assert time.monotonic() - committed < 2.5


def _ids(*slugs: str) -> list[int]:
    by_slug = dict(db.session.execute(db.select(Practitioner.slug, Practitioner.id)).all())
    return [by_slug[s] for s in slugs]
