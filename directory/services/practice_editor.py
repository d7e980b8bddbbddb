"""Where a practitioner works and what they offer: clinics and treatments ("from" prices)
on the account's own profile.

Objects are reached through ``ownership.owned`` (another account's is ``NotFound``),
and every change is audited and queued for re-indexing in its own commit. A clinic is
always saved: one whose postcode cannot be placed on the map is kept without
coordinates, flagged ``unresolved`` with the reason, and shown so to its owner. A
published profile keeps at least one clinic and one treatment, so what the public finds
is never an empty listing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError

from directory.extensions import db
from directory.geo.postcodes import PostcodeError, normalise_postcode
from directory.models import (
    Account,
    Clinic,
    LocationPrecision,
    Practitioner,
    Treatment,
    TreatmentOffer,
)
from directory.services import NotFound, photo_files, versions
from directory.services import clinics as clinic_locator
from directory.services.clinic_access import own_copy
from directory.services.ownership import (
    lock_profile,
    own_profile,
    owned,
    record_change,
    snapshot,
)
from directory.services.profile_editor import ProfileError

log = logging.getLogger(__name__)

CLINIC_FIELDS = ("name", "address_line1", "address_line2", "town", "postcode")
MAX_PRICE_PENCE = 100_000_00
LOOKUP_FAILED = "our postcode lookup failed; save the clinic again later to place it on the map"


@dataclass(frozen=True)
class ClinicDetails:
    name: str
    address_line1: str
    address_line2: str
    town: str
    postcode: str


# Clinics -------------------------------------------------------------------------------


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


def _keep_one(practitioner: Practitioner, remaining: int, what: str) -> None:
    if practitioner.is_public and remaining < 1:
        db.session.rollback()  # let go of the profile's lock before the page is shown
        raise ProfileError(
            f"Your profile is live, so it needs at least one {what}. Add another {what} "
            "first, or hide your profile."
        )


def remove_clinic(account: Account, clinic_id: int) -> None:
    """Take a clinic off the account's profile (deleted if nobody else works there); commits.

    Raises ``NotFound``, or ``ProfileError`` for the last clinic of a published profile.
    """
    clinic = owned(account, Clinic, clinic_id)
    practitioner = own_profile(account)
    lock_profile(practitioner)  # the count below stays true until this commits
    if clinic not in practitioner.clinics:
        raise NotFound("Not found.")  # removed by another request a moment ago
    _keep_one(practitioner, len(practitioner.clinics) - 1, "clinic")
    before = _clinic_state(clinic)
    stale = photo_files.forget_all(practitioner.id, clinic.id)  # theirs go with them
    practitioner.clinics.remove(clinic)
    db.session.flush()
    if not clinic.practitioners:
        db.session.delete(clinic)
    record_change(practitioner, "clinic.remove", "clinic", clinic_id, account, before, None)
    db.session.commit()
    photo_files.delete_files(stale)


# Treatments offered ----------------------------------------------------------------------


def _check_price(price_pence: int | None) -> None:
    if price_pence is not None and not 0 < price_pence <= MAX_PRICE_PENCE:
        raise ProfileError(
            "Give a 'from' price between £0.01 and £100,000, or leave it empty.", "price"
        )


def _offer_state(offer: TreatmentOffer) -> dict[str, Any]:
    return {
        "treatment": offer.treatment.slug,
        "price_from_pence": offer.price_from_pence,
        "notes": offer.notes,
    }


def add_offer(
    account: Account, treatment_id: int, price_pence: int | None, notes: str = ""
) -> TreatmentOffer:
    """Offer a treatment at a 'from' price; commits. Raises ``ProfileError``, ``NotFound``.

    The same form sent twice at once (a double click) adds one offer: the request that
    loses the race on the unique (practitioner, treatment) constraint returns it.
    """
    practitioner = own_profile(account)
    treatment = db.session.get(Treatment, treatment_id)
    if treatment is None:
        raise NotFound("No such treatment.")
    _check_price(price_pence)
    if _offered(practitioner, treatment.id) is not None:
        raise ProfileError(
            f"You already offer {treatment.name}; edit its price instead.", "treatment"
        )
    offer = TreatmentOffer(treatment=treatment, price_from_pence=price_pence, notes=notes.strip())
    practitioner.offers.append(offer)
    practitioner_id = practitioner.id
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        existing = db.session.scalar(
            db.select(TreatmentOffer).filter_by(
                practitioner_id=practitioner_id, treatment_id=treatment_id
            )
        )
        if existing is None:
            raise
        return existing
    record_change(
        practitioner, "offer.add", "treatment_offer", offer.id, account, None, _offer_state(offer)
    )
    db.session.commit()
    return offer


def _offered(practitioner: Practitioner, treatment_id: int) -> TreatmentOffer | None:
    """The practitioner's offer of this treatment, as this session last read it."""
    return next((o for o in practitioner.offers if o.treatment_id == treatment_id), None)


def update_offer(
    account: Account,
    offer_id: int,
    price_pence: int | None,
    notes: str = "",
    expected_version: int | None = None,
) -> TreatmentOffer:
    """Change an offer's price and notes; commits. Raises ``ProfileError``, ``NotFound``,
    or ``EditConflict`` when the offer is no longer at ``expected_version``."""
    offer = owned(account, TreatmentOffer, offer_id)
    versions.check(offer, expected_version)
    _check_price(price_pence)
    before = _offer_state(offer)
    offer.price_from_pence, offer.notes = price_pence, notes.strip()
    record_change(
        offer.practitioner,
        "offer.update",
        "treatment_offer",
        offer.id,
        account,
        before,
        _offer_state(offer),
    )
    versions.commit()
    return offer


def remove_offer(account: Account, offer_id: int) -> None:
    """Stop offering a treatment; commits.

    Raises ``NotFound``, or ``ProfileError`` for the last treatment of a published profile.
    """
    offer = owned(account, TreatmentOffer, offer_id)
    practitioner = offer.practitioner
    lock_profile(practitioner)  # the count below stays true until this commits
    if offer not in practitioner.offers:
        raise NotFound("Not found.")  # removed by another request a moment ago
    _keep_one(practitioner, len(practitioner.offers) - 1, "treatment")
    before = _offer_state(offer)
    practitioner.offers.remove(offer)
    record_change(practitioner, "offer.remove", "treatment_offer", offer_id, account, before, None)
    db.session.commit()
