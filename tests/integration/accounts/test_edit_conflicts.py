"""Two windows on the same edit form: the second save does not silently overwrite the
first; it comes back with "changed in another window" and what was typed."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from directory.extensions import db
from directory.models import Clinic, Practitioner, Treatment, TreatmentOffer
from directory.services import accounts, profile_editor, versions

from ._support import CLINICS, PROFILE, body_id

CHANGED = "changed in another window"


def _version(page: str) -> str:
    match = re.search(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"', page)
    assert match, "no version field in the form"
    return match.group(1) or match.group(2)


def _mine() -> Practitioner:
    db.session.expire_all()
    return db.session.scalar(db.select(Practitioner).where(Practitioner.owner_id.is_not(None)))


def test_a_stale_profile_tab_does_not_overwrite_the_first(practitioner):
    first = _version(practitioner.get("/account/profile").text)
    second = _version(practitioner.get("/account/profile").text)
    form = PROFILE | {"regulator": body_id("nmc")}
    saved = practitioner.post("/account/profile", data=form | {"bio": "Tab one", "version": first})
    assert saved.status_code == 302
    stale = practitioner.post(
        "/account/profile", data=form | {"bio": "Tab two words", "version": second}
    )
    assert stale.status_code == 409
    assert CHANGED in stale.text and "Tab two words" in stale.text
    assert _mine().bio == "Tab one"
    # Saving again from that page is a deliberate choice, and it works.
    again = practitioner.post(
        "/account/profile", data=form | {"bio": "Tab two words", "version": _version(stale.text)}
    )
    assert again.status_code == 302 and _mine().bio == "Tab two words"


def test_a_stale_clinic_tab_does_not_overwrite(practitioner):
    assert practitioner.post("/account/clinics/new", data=CLINICS[0]).status_code == 302
    clinic_id = db.session.scalar(db.select(Clinic.id).order_by(Clinic.id.desc()))
    url = f"/account/clinics/{clinic_id}/edit"
    first, second = (_version(practitioner.get(url).text) for _ in range(2))
    saved = practitioner.post(url, data=CLINICS[0] | {"name": "One", "version": first})
    assert saved.status_code == 302
    stale = practitioner.post(url, data=CLINICS[0] | {"name": "Two", "version": second})
    assert stale.status_code == 409 and CHANGED in stale.text and 'value="Two"' in stale.text
    db.session.expire_all()
    assert db.session.get(Clinic, clinic_id).name == "One"


def test_a_stale_offer_tab_does_not_overwrite(practitioner):
    meso = db.session.scalar(db.select(Treatment.id).filter_by(slug="mesotherapy"))
    data = {"treatment": meso, "price": "150", "notes": ""}
    assert practitioner.post("/account/treatments/new", data=data).status_code == 302
    offer_id = db.session.scalar(
        db.select(TreatmentOffer.id)
        .filter_by(treatment_id=meso)
        .where(TreatmentOffer.practitioner_id == _mine().id)
    )
    url = f"/account/treatments/{offer_id}/edit"
    first, second = (_version(practitioner.get(url).text) for _ in range(2))
    assert practitioner.post(url, data=data | {"price": "160", "version": first}).status_code == 302
    stale = practitioner.post(url, data=data | {"price": "999", "version": second})
    assert stale.status_code == 409 and CHANGED in stale.text
    db.session.expire_all()
    assert db.session.get(TreatmentOffer, offer_id).price_from_pence == 16000


def test_a_rival_commit_between_read_and_write_is_caught(practitioner, monkeypatch):
    """The form's version matched, but another request committed before our UPDATE:
    the version check in the UPDATE itself refuses it."""
    account = accounts.find_by_email("amira@example.org")
    mine = _mine()
    details = profile_editor.ProfileDetails(
        **{name: getattr(mine, name) for name in profile_editor.PROFILE_FIELDS} | {"bio": "Mine"}
    )
    real_check = versions.check

    def rival_commits_meanwhile(obj, expected):
        real_check(obj, expected)
        with db.engine.begin() as other:  # another connection: another request
            other.execute(
                update(Practitioner)
                .where(Practitioner.id == obj.id)
                .values(bio="Theirs", version=Practitioner.version + 1)
            )

    monkeypatch.setattr(versions, "check", rival_commits_meanwhile)
    with pytest.raises(versions.EditConflict):
        profile_editor.update_profile(account, details, mine.version)
    assert _mine().bio == "Theirs"
