"""Several index replicas (one per node) follow the same change log, each at its own
pace, and the log is pruned only behind the slowest of them."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from directory import create_app, search
from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import Practitioner, SearchOutbox, SearchReplica
from directory.search import changelog
from directory.services import outbox

from ._support import LEEDS, add_practitioner, found, point_of


@pytest.fixture
def new_node(app: Flask, tmp_path: Path) -> Iterator[Callable[[str], Flask]]:
    """Make another app on this database with its own index folder and replica name."""
    made: list[Flask] = []

    def make(name: str) -> Flask:
        node = create_app(
            dict(app.config)
            | {
                "SEARCH_INDEX_DIR": str(tmp_path / f"index-{name}"),
                "SEARCH_REPLICA_NAME": name,
            }
        )
        made.append(node)
        return node

    yield make
    for node in made:
        with node.app_context():
            db.engine.dispose()


@pytest.fixture
def two_nodes(reindex, app: Flask, new_node) -> Flask:
    """This app is node "a"; the returned app is node "b" on the same database, with
    its own index folder. Both have built their index."""
    app.config["SEARCH_REPLICA_NAME"] = "a"
    add_practitioner("Amira Shah", [point_of(LEEDS)], ["mesotherapy"], slug="amira-shah")
    reindex()
    other = new_node("b")
    with on(other):
        search.rebuild()
    return other


@contextmanager
def on(node: Flask) -> Iterator[None]:
    with node.app_context():
        yield
        db.session.remove()


def _rename(slug: str, name: str) -> int:
    practitioner = db.session.scalar(db.select(Practitioner).filter_by(slug=slug))
    practitioner.display_name = name
    outbox.mark_practitioner(practitioner.id)
    db.session.commit()
    return practitioner.id


def _log() -> list[int]:
    db.session.rollback()
    return list(db.session.scalars(db.select(SearchOutbox.id).order_by(SearchOutbox.id)))


def _replica(name: str) -> SearchReplica:
    db.session.rollback()
    replica = db.session.get(SearchReplica, name)
    assert replica is not None
    return replica


def test_each_replica_applies_the_log_and_rows_go_once_all_have(two_nodes):
    _rename("amira-shah", "Amira Okonjo")
    assert search.apply_outbox() == 1  # node a
    assert found("okonjo") == ["amira-shah"]
    assert len(_log()) == 1  # node b has not applied it: the row stays
    with on(two_nodes):
        assert found("okonjo") == []
        assert search.index_status()["pending_outbox"] == 1
        assert search.apply_outbox() == 1
        assert found("okonjo") == ["amira-shah"]
        assert search.apply_outbox() == 0
    assert _log() == []  # both have it now
    assert _replica("a").position == _replica("b").position
    _rename("amira-shah", "Amira Next")  # an emptied log never hands out an old id again
    assert search.apply_outbox() == 1
    assert found("next") == ["amira-shah"]


def _postgresql_only() -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time: no id commits below a committed one")


def _gap_ids(name: str = "a") -> list[int]:
    return [entry[0] for entry in json.loads(_replica(name).gaps)]


def test_a_row_committed_late_below_the_cursor_is_still_applied(two_nodes):
    # Ids are taken at insert, commits happen in any order: row 41 may appear after 42.
    _postgresql_only()
    pid = db.session.scalar(db.select(Practitioner.id).filter_by(slug="amira-shah"))
    head = db.session.scalar(db.select(db.func.max(SearchOutbox.id))) or 0
    db.session.add(SearchOutbox(id=head + 2, practitioner_id=pid, scope="practitioner"))
    db.session.commit()
    assert search.apply_outbox() == 1
    assert _gap_ids() == [head + 1]
    assert _replica("a").applied_through == head  # the log is kept from the gap on

    _rename_without_outbox("amira-shah", "Amira Late")
    db.session.add(SearchOutbox(id=head + 1, practitioner_id=pid, scope="practitioner"))
    db.session.commit()
    assert search.apply_outbox() == 1
    assert found("late") == ["amira-shah"]
    assert _replica("a").gaps == "[]"
    assert _replica("a").applied_through == head + 2


def _rename_without_outbox(slug: str, name: str) -> None:
    practitioner = db.session.scalar(db.select(Practitioner).filter_by(slug=slug))
    practitioner.display_name = name
    db.session.commit()


def _gap_after_head() -> int:
    """Commit a row two ids past the head, as if the id between were rolled back."""
    pid = db.session.scalar(db.select(Practitioner.id).filter_by(slug="amira-shah"))
    head = db.session.scalar(db.select(db.func.max(SearchOutbox.id))) or 0
    db.session.add(SearchOutbox(id=head + 2, practitioner_id=pid, scope="practitioner"))
    db.session.commit()
    search.apply_outbox()
    assert _gap_ids() == [head + 1]
    return head + 1


def _age_gaps(seconds: float) -> None:
    replica = _replica("a")
    replica.gaps = json.dumps(
        [[gap, since - seconds, xmax] for gap, since, xmax in json.loads(replica.gaps)]
    )
    db.session.commit()


def test_a_gap_settles_once_no_transaction_that_could_hold_it_is_running(two_nodes):
    _postgresql_only()
    gap = _gap_after_head()
    search.apply_outbox()
    assert _gap_ids() == [gap]  # too young to judge: its transaction may still be running
    _age_gaps(2)
    search.apply_outbox()  # notes the snapshot's xmax...
    assert json.loads(_replica("a").gaps)[0][2] is not None
    deadline = time.monotonic() + 10  # ...and drops it once every older transaction ended
    while _gap_ids() and time.monotonic() < deadline:
        time.sleep(0.1)
        search.apply_outbox()
    assert _gap_ids() == []
    assert _replica("a").applied_through == gap + 1  # nothing holds back pruning now


def test_an_open_transaction_keeps_its_gap_until_it_ends(two_nodes):
    _postgresql_only()
    pid = db.session.scalar(db.select(Practitioner.id).filter_by(slug="amira-shah"))
    slow = create_engine(db.engine.url)
    try:
        with slow.connect() as early:
            early.execute(
                text(
                    "INSERT INTO search_outbox (practitioner_id, scope, created_at) "
                    "VALUES (:pid, 'practitioner', now())"
                ),
                {"pid": pid},
            )
            _add_unrelated_practitioner()
            search.apply_outbox()
            [gap] = _gap_ids()
            _age_gaps(5)
            for _ in range(3):  # well past settling, but the transaction is still open
                search.apply_outbox()
            assert _gap_ids() == [gap]
            early.rollback()
        deadline = time.monotonic() + 20  # other transactions on the server may be older
        while _gap_ids() and time.monotonic() < deadline:
            time.sleep(0.1)
            search.apply_outbox()
        assert _gap_ids() == []
    finally:
        slow.dispose()


def test_a_gap_is_forgotten_after_the_gap_window_whatever(two_nodes):
    _postgresql_only()
    _gap_after_head()
    _age_gaps(3600)
    _rename("amira-shah", "Amira Again")
    search.apply_outbox()
    assert _gap_ids() == []


def test_sqlite_never_watches_gaps(two_nodes):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's rule")
    head = db.session.scalar(db.select(db.func.max(SearchOutbox.id))) or 0
    db.session.execute(text("DELETE FROM sqlite_sequence WHERE name = 'search_outbox'"))
    db.session.execute(
        text("INSERT INTO sqlite_sequence (name, seq) VALUES ('search_outbox', :seq)"),
        {"seq": head + 5},
    )
    _rename("amira-shah", "Amira Skip")  # five ids were taken and rolled back before it
    assert search.apply_outbox() == 1
    assert _gap_ids() == []
    assert _replica("a").applied_through == _replica("a").position == head + 6


def test_a_real_out_of_order_commit_on_postgresql(two_nodes):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("needs two concurrent writers: PostgreSQL only")
    pid = db.session.scalar(db.select(Practitioner.id).filter_by(slug="amira-shah"))
    slow = create_engine(db.engine.url)
    try:
        with slow.connect() as early:
            # The early transaction takes the lower id and commits last.
            early.execute(
                text("UPDATE practitioners SET display_name = 'Amira Slow' WHERE id = :pid"),
                {"pid": pid},
            )
            early.execute(
                text(
                    "INSERT INTO search_outbox (practitioner_id, scope, created_at) "
                    "VALUES (:pid, 'practitioner', now())"
                ),
                {"pid": pid},
            )
            _add_unrelated_practitioner()  # commits a higher id meanwhile
            assert search.apply_outbox() == 1
            assert found("slow") == []
            early.commit()
        assert search.apply_outbox() == 1
        assert found("slow") == ["amira-shah"]
    finally:
        slow.dispose()


def _add_unrelated_practitioner() -> None:
    new = add_practitioner("Bea Quick", [point_of(LEEDS)], ["prp"], slug="bea-quick")
    db.session.flush()
    outbox.mark_practitioner(new.id)
    db.session.commit()


def test_a_new_replica_starts_from_a_build_and_follows_the_log(two_nodes, new_node):
    _rename("amira-shah", "Amira Before")
    node_c = new_node("c")
    with on(node_c):
        assert search.apply_outbox() == 1  # not registered: builds from the database
        assert found("before") == ["amira-shah"]
        assert search.index_status()["pending_outbox"] == 0
    _rename("amira-shah", "Amira After")
    with on(node_c):
        assert search.apply_outbox() == 1
        assert found("after") == ["amira-shah"]
        assert search.index_status()["in_sync"] is True


def test_retention_drops_old_rows_and_absent_replicas(two_nodes):
    _rename("amira-shah", "Amira Old")
    old = utcnow() - timedelta(days=2)
    db.session.execute(db.update(SearchOutbox).values(created_at=old))
    db.session.execute(db.update(SearchReplica).filter_by(name="b").values(seen_at=old))
    db.session.commit()
    assert search.apply_outbox() == 1  # node a applies, then prunes
    assert _log() == []
    assert db.session.get(SearchReplica, "b") is None  # away too long: unregistered
    _rename("amira-shah", "Amira Back")
    with on(two_nodes):
        search.apply_outbox()  # rebuilds, since it may have missed pruned rows
        assert found("back") == ["amira-shah"]
        assert found("old") == []


def test_status_and_health_report_each_replicas_lag(two_nodes, app, runner):
    app.config["SEARCH_REPLICA_MAX_LAG_SECONDS"] = 60
    _rename("amira-shah", "Amira Waiting")
    db.session.execute(db.update(SearchOutbox).values(created_at=utcnow() - timedelta(seconds=90)))
    db.session.commit()
    lags = {r["name"]: r for r in search.index_status(deep=False)["replicas"]}
    assert lags["a"]["changes_behind"] == lags["b"]["changes_behind"] == 1
    assert 89 <= lags["a"]["seconds_behind"] < 120
    assert lags["a"]["state"] == "degraded" and lags["a"]["this_node"]

    response = app.test_client().get("/health")
    assert response.status_code == 200  # still serving, a little stale
    assert response.json["status"] == "degraded"
    assert response.json["checks"]["search_replica"].startswith("degraded: 1 changes")

    search.apply_outbox()  # node a catches up; b still lags
    response = app.test_client().get("/health")
    assert response.json["status"] == "ok"
    lags = {r["name"]: r for r in response.json["replicas"]}
    assert (lags["a"]["changes_behind"], lags["b"]["changes_behind"]) == (0, 1)
    assert lags["b"]["state"] == "degraded"
    printed = runner.invoke(args=["search", "status", "--quick"]).output
    assert "replica b: 1 changes, 9" in printed and "(degraded)" in printed


def test_a_replica_being_built_holds_back_pruning(two_nodes, new_node):
    node_c = new_node("c")
    with on(node_c):
        changelog.hold(changelog.head())  # what a build does before reading the data
    assert _replica("c").position == -1
    _rename("amira-shah", "Amira During")  # committed while c builds
    search.apply_outbox()
    with on(two_nodes):
        search.apply_outbox()
    assert len(_log()) == 1  # a and b have it, but c's build may not: kept
    with on(node_c):
        search.apply_outbox()  # an unbuilt replica (a build that died) builds again
        assert found("during") == ["amira-shah"]
    assert _replica("c").position >= _replica("a").position
    assert _log() == []  # now every replica has it
