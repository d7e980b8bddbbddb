"""Access to a clinic, and a practitioner's languages and consultation fee (issue 16)."""

from __future__ import annotations

from directory.extensions import db
from directory.models import AuditEntry, Clinic, ConsultationFee, Practitioner, SearchOutbox

from ._support import CLINICS


def _mine() -> Practitioner:
    db.session.expire_all()
    return db.session.scalar(db.select(Practitioner).filter_by(display_name="Amira Shah"))


def _queued() -> int:
    return len(
        db.session.scalars(db.select(SearchOutbox).filter_by(practitioner_id=_mine().id)).all()
    )


def test_access_is_saved_as_said_and_unsaid_stays_unknown(practitioner):
    practitioner.post("/account/clinics/new", data=CLINICS[0])
    clinic_id = _mine().clinics[0].id
    assert practitioner.get(f"/account/clinics/{clinic_id}/access").status_code == 200
    data = {
        "step_free": "yes",
        "accessible_toilet": "",
        "parking": " Car park behind ",
        "nearest_station": "Leeds, 5 minutes' walk",
    }
    response = practitioner.post(f"/account/clinics/{clinic_id}/access", data=data)
    assert response.status_code == 302
    clinic = _mine().clinics[0]
    assert (clinic.step_free, clinic.accessible_toilet, clinic.parking) == (
        True,
        None,
        "Car park behind",
    )
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="clinic.access"))
    assert entry.before["step_free"] is None and entry.after["step_free"] is True
    assert _queued() >= 1
    too_long = data | {"parking": "x" * 161}
    assert (
        practitioner.post(f"/account/clinics/{clinic_id}/access", data=too_long).status_code == 400
    )
    assert (
        practitioner.post(
            f"/account/clinics/{clinic_id}/access", data=data | {"step_free": "maybe"}
        ).status_code
        == 400
    )
    assert _mine().clinics[0].parking == "Car park behind"


def test_editing_a_shared_clinic_keeps_its_hours_and_access_on_the_copy(practitioner):
    practitioner.post("/account/clinics/new", data=CLINICS[0])
    clinic_id = _mine().clinics[0].id
    practitioner.post(
        f"/account/clinics/{clinic_id}/access", data={"step_free": "yes", "accessible_toilet": "no"}
    )
    practitioner.post(
        f"/account/clinics/{clinic_id}/hours",
        data={"mode_5": "open", "opens_5": "10:00", "closes_5": "14:00"},
    )
    neighbour = Practitioner(slug="neighbour", display_name="N", profession=_mine().profession)
    neighbour.clinics.append(db.session.get(Clinic, clinic_id))
    db.session.add(neighbour)
    db.session.commit()
    practitioner.post(f"/account/clinics/{clinic_id}/edit", data=CLINICS[1])
    copy = _mine().clinics[0]
    assert copy.id != clinic_id and copy.postcode == "HG1 1ST"
    assert (copy.step_free, copy.accessible_toilet) == (True, False)
    assert [h.weekday for h in copy.hours] == [5]
    assert db.session.get(Clinic, clinic_id).postcode == "LS1 5AB"


def test_languages_and_a_fee_taken_off_the_treatment(practitioner):
    page = practitioner.get("/account/practicalities")
    assert page.status_code == 200 and "British Sign Language" in page.text
    data = {"languages": ["pl", "bfi"], "consultation": "deducted", "fee": "50"}
    assert practitioner.post("/account/practicalities", data=data).status_code == 302
    mine = _mine()
    assert mine.languages == ["bfi", "pl"]
    assert (mine.consultation, mine.consultation_fee_pence) == (ConsultationFee.DEDUCTED, 5000)
    assert db.session.scalar(db.select(AuditEntry).filter_by(action="profile.practicalities"))
    assert "Polish" in practitioner.get("/account/").text


def test_bad_practicalities_are_refused_and_nothing_changes(practitioner):
    practitioner.post("/account/practicalities", data={"languages": ["ur"], "consultation": "free"})
    for bad, message in (
        ({"languages": ["xx"]}, "not a valid choice"),
        ({"consultation": "free", "fee": "20"}, "Leave the fee empty"),
        ({"consultation": "charged"}, "Give the consultation fee"),
        ({"consultation": "charged", "fee": "12.345"}, "Enter a price"),
        ({"consultation": "sometimes"}, "Not a valid choice"),
    ):
        response = practitioner.post("/account/practicalities", data=bad)
        assert response.status_code == 400, bad
        assert message.lower() in response.text.lower(), bad
    mine = _mine()
    assert (mine.languages, mine.consultation) == (["ur"], ConsultationFee.FREE)
