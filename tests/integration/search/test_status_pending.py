"""``search status`` tells a change waiting in the outbox from real drift."""

from __future__ import annotations

import pytest

from directory import search
from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import Account, Practitioner
from directory.search import drift
from directory.services import outbox

from ._support import LEEDS, add_practitioner, point_of


@pytest.fixture
def two(reindex) -> list[int]:
    account = Account(email="amira@example.org", password_hash="x", email_verified_at=utcnow())
    db.session.add(account)
    one = add_practitioner("Amira Shah", [point_of(LEEDS)], ["mesotherapy"], slug="amira-shah")
    other = add_practitioner("Other Person", [point_of(LEEDS)], ["prp"], slug="other-person")
    reindex()
    return [one.id, other.id]


def test_queued_changes_are_pending_and_only_the_rest_is_drift(two, runner, monkeypatch):
    monkeypatch.setattr(drift, "RECHECK_PAUSE", 0)
    first, second = two
    db.session.get(Practitioner, first).bio = "Queued for the indexer."
    outbox.mark_practitioner(first)
    db.session.get(Practitioner, second).bio = "Changed behind search's back."
    db.session.commit()

    report = search.index_status()
    assert (report["pending"], report["stale"], report["in_sync"]) == ([first], [second], False)
    result = runner.invoke(args=["search", "status"])
    assert result.exit_code == 1 and "pending: 1" in result.output and "stale: 1" in result.output

    search.apply_outbox()
    search.rebuild()
    assert runner.invoke(args=["search", "status"]).exit_code == 0


def test_a_queued_rebuild_explains_everything(two, monkeypatch):
    monkeypatch.setattr(drift, "RECHECK_PAUSE", 0)
    for pid in two:
        db.session.get(Practitioner, pid).bio = "Renamed treatments change every document."
    outbox.mark_everything()
    db.session.commit()
    report = search.index_status()
    assert report["in_sync"] and report["pending"] == sorted(two)


def test_drift_the_indexer_fixes_meanwhile_is_not_reported(two, monkeypatch):
    """A change is saved and applied after status opened the index and read the queue
    once, but before it read the database: no queued row explains the difference, and
    the second look, at the fixed index, finds none."""
    first, _ = two
    real_queued = drift._queued
    calls = []

    def queue_then_save_and_apply():
        found = real_queued()
        calls.append(1)
        if len(calls) == 1:
            db.session.get(Practitioner, first).bio = "Saved and applied during the status run."
            outbox.mark_practitioner(first)
            db.session.commit()
            search.apply_outbox()
        return found

    monkeypatch.setattr(drift, "_queued", queue_then_save_and_apply)
    monkeypatch.setattr(drift, "RECHECK_PAUSE", 0)
    report = search.index_status()
    assert report["in_sync"] and report["stale"] == []
