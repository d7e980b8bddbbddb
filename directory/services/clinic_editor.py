"""Where a practitioner works: the clinics on the account's own profile.

Clinics are reached through ``ownership.owned`` (another account's is ``NotFound``),
and every change is audited and queued for re-indexing in its own commit. A clinic is
always saved: one whose postcode cannot be placed on the map is kept without
coordinates, flagged ``unresolved`` with the reason, and shown so to its owner. A
published profile keeps at least one clinic (``profile_rules.keep_one``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from directory.extensions import db
from directory.geo.postcodes import PostcodeError, normalise_postcode
from directory.models import Account, Clinic, LocationPrecision
from directory.services import NotFound, photo_files, profile_rules, versions
from directory.services import clinics as clinic_locator
from directory.services.clinic_access import own_copy
from directory.services.ownership import lock_profile, own_profile, owned, record_change, snapshot

log = logging.getLogger(__name__)

CLINIC_FIELDS = ("name", "address_line1", "address_line2", "town", "postcode")
LOOKUP_FAILED = "our postcode lookup failed; save the clinic again later to place it on the map"


@dataclass(frozen=True)
class ClinicDetails:
    name: str
    address_line1: str
    address_line2: str
    town: str
    postcode: str


def _set_clinic(clinic: Clinic, details: ClinicDetails) -> None:
    for name in CLINIC_FIELDS:
        setattr(clinic, name, getattr(details, name).strip())
    try:
        clinic.postcode = normalise_postcode(clinic.postcode)
    except PostcodeError:
        clinic.postcode = clinic.postcode.upper()[:10]
    try:
        # Offline first; an unknown postcode comes back flagged, never refused.
        clinic_locator.locate(clinic)
    except Exception:
        # Whatever broke in the lookup, the practitioner's typing must not be lost.
        log.exception("could not locate clinic postcode %r", clinic.postcode)
        clinic.latitude = clinic.longitude = None
        clinic.precision = LocationPrecision.UNRESOLVED
        clinic.location_source = None
        clinic.location_note = LOOKUP_FAILED


def _clinic_state(clinic: Clinic) -> dict[str, Any]:
    return snapshot(clinic, CLINIC_FIELDS + ("latitude", "longitude", "precision"))


def add_clinic(account: Account, details: ClinicDetails) -> Clinic:
    """Add a clinic to the account's profile, geocoded (or flagged); commits."""
    practitioner = own_profile(account)
    clinic = Clinic()
    _set_clinic(clinic, details)
    practitioner.clinics.append(clinic)
    db.session.flush()
    record_change(
        practitioner, "clinic.add", "clinic", clinic.id, account, None, _clinic_state(clinic)
    )
    db.session.commit()
    return clinic


def update_clinic(
    account: Account, clinic_id: int, details: ClinicDetails, expected_version: int | None = None
) -> Clinic:
    """Edit one of the account's clinics, re-geocoded; commits. Raises ``NotFound``, or
    ``EditConflict`` when the clinic is no longer at ``expected_version``.

    A clinic shared with other practitioners (a seeded listing) is not changed under
    them: the owner gets an edited copy in its place.
    """
    clinic = owned(account, Clinic, clinic_id)
    versions.check(clinic, expected_version)
    practitioner = own_profile(account)
    before = _clinic_state(clinic)
    # A shared clinic is copied (with its hours and access) rather than changed under others.
    clinic = own_copy(practitioner, clinic)
    _set_clinic(clinic, details)
    versions.flush()
    record_change(
        practitioner, "clinic.update", "clinic", clinic.id, account, before, _clinic_state(clinic)
    )
    versions.commit()
    return clinic


def remove_clinic(account: Account, clinic_id: int) -> None:
    """Take a clinic off the account's profile (deleted if nobody else works there); commits.

    Raises ``NotFound``, or ``ProfileError`` for the last clinic of a published profile.
    """
    clinic = owned(account, Clinic, clinic_id)
    practitioner = own_profile(account)
    lock_profile(practitioner)  # the count below stays true until this commits
    if clinic not in practitioner.clinics:
        raise NotFound("Not found.")  # removed by another request a moment ago
    profile_rules.keep_one(practitioner, len(practitioner.clinics) - 1, "clinic")
    before = _clinic_state(clinic)
    stale = photo_files.forget_all(practitioner.id, clinic.id)  # theirs go with them
    practitioner.clinics.remove(clinic)
    db.session.flush()
    if not clinic.practitioners:
        db.session.delete(clinic)
    record_change(practitioner, "clinic.remove", "clinic", clinic_id, account, before, None)
    db.session.commit()
    photo_files.delete_files(stale)
