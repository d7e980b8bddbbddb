"""Getting into a clinic: step-free access, an accessible toilet, parking and the nearest
station, as the practitioner states them. ``None`` means "not said", never "no".

Like its address and hours, a clinic shared with other practitioners (a seeded listing)
is not changed under them: ``own_copy`` gives the editing owner a copy in its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from directory.extensions import db
from directory.models import Account, Clinic, OpeningHours, Practitioner
from directory.services.ownership import own_profile, owned, record_change, snapshot

COPIED_FIELDS = (
    "name",
    "address_line1",
    "address_line2",
    "town",
    "postcode",
    "latitude",
    "longitude",
    "precision",
    "location_source",
    "location_note",
    "step_free",
    "accessible_toilet",
    "parking",
    "nearest_station",
)
ACCESS_FIELDS = ("step_free", "accessible_toilet", "parking", "nearest_station")
MAX_TEXT = 160


@dataclass(frozen=True)
class Access:
    step_free: bool | None = None
    accessible_toilet: bool | None = None
    parking: str = ""
    nearest_station: str = ""


def own_copy(practitioner: Practitioner, clinic: Clinic, with_hours: bool = True) -> Clinic:
    """``clinic`` itself when only ``practitioner`` works there; otherwise a copy (with
    its hours unless ``with_hours`` is false) that replaces it on their profile."""
    if len(clinic.practitioners) <= 1:
        return clinic
    copy = Clinic(**{name: getattr(clinic, name) for name in COPIED_FIELDS})
    if with_hours:
        copy.hours = [
            OpeningHours(
                weekday=h.weekday, opens=h.opens, closes=h.closes, by_appointment=h.by_appointment
            )
            for h in clinic.hours
        ]
    practitioner.clinics.remove(clinic)
    practitioner.clinics.append(copy)
    return copy


def access_state(clinic: Clinic) -> dict[str, Any]:
    return snapshot(clinic, ACCESS_FIELDS)


def set_access(account: Account, clinic_id: int, access: Access) -> Clinic:
    """Save the clinic's access details; commits and queues re-indexing (step-free is a
    search filter). Returns the clinic now carrying them (a copy for a shared clinic).
    Raises ``NotFound`` for someone else's clinic."""
    clinic = owned(account, Clinic, clinic_id)
    practitioner = own_profile(account)
    before = access_state(clinic)
    clinic = own_copy(practitioner, clinic)
    clinic.step_free, clinic.accessible_toilet = access.step_free, access.accessible_toilet
    clinic.parking = access.parking.strip()[:MAX_TEXT]
    clinic.nearest_station = access.nearest_station.strip()[:MAX_TEXT]
    db.session.flush()
    record_change(
        practitioner, "clinic.access", "clinic", clinic.id, account, before, access_state(clinic)
    )
    db.session.commit()
    return clinic
