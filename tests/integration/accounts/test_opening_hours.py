"""Opening hours: a practitioner sets a clinic's week; bad weeks are refused whole."""

from __future__ import annotations

from datetime import time

from directory.extensions import db
from directory.models import AuditEntry, Clinic, Practitioner, SearchOutbox

from ._support import CLINICS


def _mine() -> Practitioner:
    db.session.expire_all()
    return db.session.scalar(db.select(Practitioner).filter_by(display_name="Amira Shah"))


def _week(**days: tuple[str, str, str]) -> dict[str, str]:
    """Form data: ``mon=("open", "09:00", "17:30")``; unnamed days are closed."""
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    data = {}
    for number, name in enumerate(names):
        mode, opens, closes = days.get(name, ("closed", "", ""))
        data |= {f"mode_{number}": mode, f"opens_{number}": opens, f"closes_{number}": closes}
    return data


def _clinic(client) -> int:
    client.post("/account/clinics/new", data=CLINICS[0])
    return _mine().clinics[0].id


def test_a_week_is_saved_audited_and_queued_for_search(practitioner):
    clinic_id = _clinic(practitioner)
    form = practitioner.get(f"/account/clinics/{clinic_id}/hours")
    assert form.status_code == 200 and "Saturday" in form.text
    week = _week(mon=("open", "09:00", "17:30"), sat=("appointment", "", ""))
    response = practitioner.post(f"/account/clinics/{clinic_id}/hours", data=week)
    assert response.status_code == 302
    hours = _mine().clinics[0].hours
    assert [(h.weekday, h.opens, h.closes, h.by_appointment) for h in hours] == [
        (0, time(9), time(17, 30), False),
        (5, None, None, True),
    ]
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="clinic.hours"))
    assert entry.after[0] == {
        "day": "Monday",
        "opens": "9:00",
        "closes": "17:30",
        "by_appointment": False,
    }
    assert db.session.scalar(db.select(SearchOutbox).filter_by(practitioner_id=_mine().id))
    # Saving again replaces the week rather than adding to it.
    practitioner.post(
        f"/account/clinics/{clinic_id}/hours", data=_week(tue=("open", "10:00", "12:00"))
    )
    assert [h.weekday for h in _mine().clinics[0].hours] == [1]
    page = practitioner.get(f"/account/clinics/{clinic_id}/hours")
    assert 'value="10:00"' in page.text


def test_an_impossible_day_is_refused_and_nothing_changes(practitioner):
    clinic_id = _clinic(practitioner)
    practitioner.post(
        f"/account/clinics/{clinic_id}/hours", data=_week(mon=("open", "09:00", "17:00"))
    )
    for bad in (
        _week(mon=("open", "17:00", "09:00")),  # closes before it opens
        _week(wed=("open", "09:00", "")),  # no closing time
        _week(fri=("open", "25:00", "26:00")),  # not a time
        _week(sun=("sometimes", "", "")),  # not a choice
    ):
        response = practitioner.post(f"/account/clinics/{clinic_id}/hours", data=bad)
        assert response.status_code == 400, bad
        assert "There is a problem" in response.text
    assert (
        "closing time must be after"
        in practitioner.post(
            f"/account/clinics/{clinic_id}/hours", data=_week(mon=("open", "17:00", "09:00"))
        ).text
    )
    assert [(h.weekday, h.opens) for h in _mine().clinics[0].hours] == [(0, time(9))]


def test_someone_elses_clinic_is_404(app, practitioner, signed_up):
    from ._support import PROFILE, body_id

    clinic_id = _clinic(practitioner)
    intruder = signed_up("intruder@example.org", on=app.test_client())
    intruder.post(
        "/account/profile", data=PROFILE | {"display_name": "Eve", "regulator": body_id("nmc")}
    )
    week = _week(sat=("open", "09:00", "12:00"))
    assert intruder.post(f"/account/clinics/{clinic_id}/hours", data=week).status_code == 404
    assert db.session.get(Clinic, clinic_id).hours == []


def test_hours_on_a_shared_clinic_give_the_owner_a_copy(practitioner):
    clinic_id = _clinic(practitioner)
    neighbour = Practitioner(slug="neighbour", display_name="N", profession=_mine().profession)
    neighbour.clinics.append(db.session.get(Clinic, clinic_id))
    db.session.add(neighbour)
    db.session.commit()
    practitioner.post(
        f"/account/clinics/{clinic_id}/hours", data=_week(sat=("open", "09:00", "13:00"))
    )
    assert db.session.get(Clinic, clinic_id).hours == []
    copy = _mine().clinics[0]
    assert copy.id != clinic_id and copy.postcode == "LS1 5AB" and copy.latitude is not None
    assert [h.weekday for h in copy.hours] == [5]
