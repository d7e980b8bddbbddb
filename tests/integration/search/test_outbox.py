"""An index that never drifts: every change queues an outbox row in its own transaction,
the indexer applies rows in batches, and ``status`` reports any drift."""

from __future__ import annotations

from dataclasses import fields

import pytest

from directory import search
from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import Account, Practitioner, SearchOutbox
from directory.search import changelog
from directory.services import outbox, profile_editor

from ._support import LEEDS, add_practitioner, clinic_in, find, found, point_of

HARROGATE = "HG1 1ST"


def _queued() -> list[int | None]:
    query = db.select(SearchOutbox.practitioner_id).order_by(SearchOutbox.id)
    return list(db.session.scalars(query))


@pytest.fixture
def owner(reindex) -> Account:
    """A published practitioner in Leeds, edited by their own account."""
    account = Account(email="amira@example.org", password_hash="x", email_verified_at=utcnow())
    db.session.add(account)
    db.session.flush()
    mine = add_practitioner(
        "Amira Shah", [point_of(LEEDS)], ["mesotherapy"], slug="amira-shah", profession="other"
    )
    mine.owner_id = account.id
    add_practitioner("Other Person", [point_of(LEEDS)], ["prp"], slug="other-person")
    reindex()
    return account


def _details(account: Account, **changes: object) -> profile_editor.ProfileDetails:
    """The profile's current details with ``changes``, as the profile form sends them."""
    mine = profile_editor.own_profile(account)
    # register_name travels with the registration claim, not the profile: "" keeps it.
    current = {f.name: getattr(mine, f.name, "") for f in fields(profile_editor.ProfileDetails)}
    return profile_editor.ProfileDetails(**(current | changes))


def test_an_edit_reaches_search_through_the_outbox(owner):
    mine = profile_editor.own_profile(owner)
    profile_editor.update_profile(owner, _details(owner, display_name="Amira Shah-Okonjo"))
    assert _queued() == [mine.id]  # committed with the edit itself
    assert found("okonjo") == []  # the index has not seen it yet

    assert search.apply_outbox() == 1
    assert found("okonjo") == ["amira-shah"]
    assert _queued() == []
    assert search.index_status()["in_sync"] is True


def test_a_new_clinic_is_searchable_by_distance_after_catch_up(owner):
    harrogate = point_of(HARROGATE)
    assert find(near=harrogate, radius_miles=3).widened  # Leeds is 13 miles away
    mine = profile_editor.own_profile(owner)
    clinic = clinic_in("hg1 1st", name="Harrogate Rooms", town="Harrogate")  # real geocoding
    mine.clinics.append(clinic)
    outbox.mark_practitioner(mine.id)  # as the clinic editor does, in the same commit
    db.session.commit()
    assert find(near=harrogate, radius_miles=3).widened
    search.apply_outbox()
    results = find(near=harrogate, radius_miles=3)
    assert not results.widened
    assert [(h.practitioner_id, h.clinic_id, h.distance_miles) for h in results.hits] == [
        (mine.id, clinic.id, 0.0)
    ]
    assert found("harrogate rooms") == ["amira-shah"]


def test_the_outbox_is_applied_in_batches_oldest_first(owner):
    mine = profile_editor.own_profile(owner)
    for n in range(7):
        profile_editor.update_profile(owner, _details(owner, bio=f"Edit number {n}."))
    assert _queued() == [mine.id] * 7
    assert [search.apply_outbox(limit=3) for _ in range(4)] == [3, 3, 1, 0]
    assert found("number 6") == ["amira-shah"]


def test_a_crash_after_the_index_commit_applies_the_rows_again(owner, monkeypatch):
    mine = profile_editor.own_profile(owner)
    profile_editor.update_profile(owner, _details(owner, display_name="Amira Mensah"))

    def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("killed between the index commit and recording the position")

    monkeypatch.setattr(changelog, "advance", crash)
    with pytest.raises(RuntimeError):
        search.apply_outbox()
    db.session.rollback()
    assert _queued() == [mine.id]  # nothing was lost
    monkeypatch.undo()
    assert search.apply_outbox() == 1  # and applying it again is harmless
    assert found("mensah") == ["amira-shah"]
    assert search.index_status()["in_sync"] is True


def test_a_deleted_practitioner_leaves_the_index(owner):
    other = db.session.scalar(db.select(Practitioner).filter_by(slug="other-person"))
    db.session.delete(other)
    outbox.mark_practitioner(other.id)  # the row outlives the practitioner (no foreign key)
    db.session.commit()
    search.apply_outbox()
    assert found(treatment="prp") == []


def test_status_reports_drift_until_a_rebuild(owner):
    # Changes made behind the services' back, with no outbox row: the kind of drift
    # ``status`` exists to catch.
    mine = profile_editor.own_profile(owner)
    mine.bio = "Changed without telling search."
    add_practitioner("New Comer", [point_of(LEEDS)], ["prp"])
    other = db.session.scalar(db.select(Practitioner).filter_by(slug="other-person"))
    db.session.delete(other)
    db.session.commit()
    new = db.session.scalar(db.select(Practitioner.id).filter_by(slug="new-comer"))

    report = search.index_status()
    assert report["in_sync"] is False
    drift = (report["stale"], report["unexpected"], report["missing"])
    assert drift == ([mine.id], [other.id], [new])
    assert search.index_status(deep=False)["stale_count"] == 0  # the quick check skips content

    search.rebuild()
    report = search.index_status()
    assert report["in_sync"] and report["documents"] == report["published"] == 2


def test_status_and_apply_commands(owner, runner):
    profile_editor.update_profile(owner, _details(owner, display_name="Amira Boateng"))
    result = runner.invoke(args=["search", "status"])
    # Queued, not drift: the indexer will apply it.
    assert result.exit_code == 0 and "pending: 1" in result.output and "1 queued" in result.output
    assert "stale" not in result.output and "In sync." in result.output
    result = runner.invoke(args=["search", "apply"])
    assert (result.exit_code, result.output.strip()) == (0, "Applied 1 queued changes.")
    assert runner.invoke(args=["search", "status"]).exit_code == 0
    assert found("boateng") == ["amira-shah"]
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0 and result.output.startswith("Built 2 documents in ")
    assert found("boateng") == ["amira-shah"]
