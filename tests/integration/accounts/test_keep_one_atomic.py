"""Two removals at once cannot leave a published profile without a clinic or a
treatment: the "keep at least one" count holds the profile's lock until it commits.

Each removal runs in its own thread with its own database connection, and waits a
moment between counting and deleting, so without the lock both would count two and
both would delete.
"""

from __future__ import annotations

import threading
import time

import pytest
from flask import Flask

from directory.extensions import db
from directory.models import Practitioner, PublicationState, Treatment
from directory.services import NotFound, accounts, clinic_editor, offer_editor, profile_rules
from directory.services.profile_rules import ProfileError

from ._support import CLINICS


@pytest.fixture
def published(practitioner) -> Practitioner:
    for clinic in CLINICS:
        assert practitioner.post("/account/clinics/new", data=clinic).status_code == 302
    for slug in ("mesotherapy", "microneedling"):
        treatment = db.session.scalar(db.select(Treatment.id).filter_by(slug=slug))
        data = {"treatment": treatment, "price": "150"}
        assert practitioner.post("/account/treatments/new", data=data).status_code == 302
    assert practitioner.post("/account/publish").status_code == 302
    db.session.expire_all()
    mine = db.session.scalar(db.select(Practitioner).where(Practitioner.owner_id.is_not(None)))
    assert mine.state is PublicationState.PUBLISHED
    return mine


def _at_once(app: Flask, remove, ids: list[int], monkeypatch) -> list[object]:
    real = profile_rules.keep_one

    def slow_keep_one(*args):
        real(*args)
        time.sleep(0.3)  # counted, not yet deleted: the window a rival would use

    monkeypatch.setattr(profile_rules, "keep_one", slow_keep_one)
    outcomes: list[object] = []
    start = threading.Barrier(len(ids))

    def run(object_id: int) -> None:
        with app.app_context():
            account = accounts.find_by_email("amira@example.org")
            start.wait()
            try:
                remove(account, object_id)
                outcomes.append("removed")
            except (ProfileError, NotFound) as exc:
                outcomes.append(type(exc).__name__)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return sorted(outcomes)


def test_two_clinic_removals_at_once_keep_one(app, published, monkeypatch):
    ids = [c.id for c in published.clinics]
    outcomes = _at_once(app, clinic_editor.remove_clinic, ids, monkeypatch)
    assert outcomes == ["ProfileError", "removed"]
    db.session.expire_all()
    assert len(db.session.get(Practitioner, published.id).clinics) == 1


def test_two_treatment_removals_at_once_keep_one(app, published, monkeypatch):
    ids = [o.id for o in published.offers]
    outcomes = _at_once(app, offer_editor.remove_offer, ids, monkeypatch)
    assert outcomes == ["ProfileError", "removed"]
    db.session.expire_all()
    assert len(db.session.get(Practitioner, published.id).offers) == 1
