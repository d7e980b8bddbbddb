"""The same form sent twice at once: one row, and both requests get the normal answer.

The race is made deterministic: the second request's "is it there already?" check is
made to miss the first request's row (as when both checks run before either commits),
so it reaches the database's unique constraint.
"""

from __future__ import annotations

from directory.extensions import db
from directory.models import Practitioner, Treatment, TreatmentOffer
from directory.services import accounts, offer_editor, profile_editor

from ._support import PROFILE, body_id


def _count(model, **where) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model).filter_by(**where))


def test_create_profile_twice_at_once_makes_one(seeded, signed_up, monkeypatch):
    client = signed_up()
    data = PROFILE | {"regulator": body_id("nmc")}
    assert client.post("/account/profile", data=data).status_code == 302
    owner = accounts.find_by_email("amira@example.org").id
    # The second request saw no profile either, in the view and in the service.
    monkeypatch.setattr(profile_editor, "profile_of", lambda _account: None)
    from directory.account import views

    monkeypatch.setattr(views.ownership, "profile_of", lambda _account: None)
    again = client.post("/account/profile", data=data)
    assert again.status_code == 302, again.text
    monkeypatch.undo()
    db.session.expire_all()
    assert _count(Practitioner, owner_id=owner) == 1


def test_add_the_same_treatment_twice_at_once_adds_one(practitioner, monkeypatch):
    meso = db.session.scalar(db.select(Treatment.id).filter_by(slug="mesotherapy"))
    data = {"treatment": meso, "price": "150", "notes": "per session"}
    assert practitioner.post("/account/treatments/new", data=data).status_code == 302
    monkeypatch.setattr(offer_editor, "_offered", lambda _p, _t: None)
    again = practitioner.post("/account/treatments/new", data=data)
    assert again.status_code == 302, again.text
    db.session.expire_all()
    mine = db.session.scalar(db.select(Practitioner.id).where(Practitioner.owner_id.is_not(None)))
    assert _count(TreatmentOffer, practitioner_id=mine, treatment_id=meso) == 1
