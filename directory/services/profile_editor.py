"""A practitioner's own profile: details, clinics, treatments offered, publication.

Every object is reached through ``owned``, the one owner-scoped lookup: another
account's object is ``NotFound``, exactly like one that does not exist. Inputs are
dataclasses holding only the fields a practitioner may edit, so state, suspension and
verification can never come from a form. Every change is audited with before/after
values and queues the practitioner for re-indexing in the same commit.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

from directory.extensions import db
from directory.models import (
    Account,
    AccreditationBody,
    BodyKind,
    Clinic,
    CredentialClaim,
    Practitioner,
    Profession,
    PublicationState,
    Role,
    Treatment,
    TreatmentOffer,
    practitioner_clinics,
)
from directory.services import NotFound, ServiceError, audit, outbox
from directory.services import clinics as clinic_locator

T = TypeVar("T", Practitioner, Clinic, TreatmentOffer, CredentialClaim)
PROFILE_FIELDS = (
    "display_name",
    "title",
    "profession",
    "regulator_id",
    "registration_number",
    "bio",
    "website",
    "phone",
    "booking_url",
)
CLINIC_FIELDS = ("name", "address_line1", "address_line2", "town", "postcode")
MAX_PRICE_PENCE = 100_000_00


class ProfileError(ServiceError):
    code = "invalid_profile"


@dataclass(frozen=True)
class ProfileDetails:
    display_name: str
    title: str
    profession: Profession
    regulator_id: int | None
    registration_number: str | None
    bio: str
    website: str | None
    phone: str | None
    booking_url: str | None


@dataclass(frozen=True)
class ClinicDetails:
    name: str
    address_line1: str
    address_line2: str
    town: str
    postcode: str


def owned(account: Account, model: type[T], object_id: int) -> T:
    """Return ``model`` #``object_id`` if it belongs to ``account``'s profile.

    Raises ``NotFound`` when it does not exist or belongs to anyone else.
    """
    mine = db.select(Practitioner.id).where(Practitioner.owner_id == account.id)
    query = db.select(model).where(model.id == object_id)
    if model is Practitioner:
        query = query.where(Practitioner.owner_id == account.id)
    elif model is Clinic:
        query = query.join(practitioner_clinics).where(
            practitioner_clinics.c.practitioner_id.in_(mine)
        )
    else:
        query = query.where(model.practitioner_id.in_(mine))  # type: ignore[union-attr]
    found = db.session.scalar(query)
    if found is None:
        raise NotFound("Not found.")
    return found


def profile_of(account: Account) -> Practitioner | None:
    return db.session.scalar(db.select(Practitioner).filter_by(owner_id=account.id))


def own_profile(account: Account) -> Practitioner:
    """The account's profile; raises ``NotFound`` if it has none yet."""
    profile = profile_of(account)
    if profile is None:
        raise NotFound("You have not created your profile yet.")
    return profile


def snapshot(obj: object, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def _plain(value: Any) -> Any:
    return value.value if hasattr(value, "value") else value


def record_change(
    practitioner: Practitioner,
    action: str,
    entity: str,
    entity_id: int | None,
    actor: Account,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    audit.record(
        action,
        entity,
        entity_id,
        actor=actor,
        practitioner_id=practitioner.id,
        before=before,
        after=after,
    )
    outbox.mark_practitioner(practitioner.id)


def check_registration(
    profession: Profession, regulator_id: int | None, number: str | None
) -> tuple[int | None, str | None]:
    """Return the (regulator id, normalised number) to store, or raise ``ProfileError``.

    A regulated profession needs its statutory regulator and a number in that body's
    format; "other" has neither.
    """
    cleaned = re.sub(r"\s+", "", number or "").upper() or None
    if profession is Profession.OTHER:
        if regulator_id or cleaned:
            raise ProfileError(
                "Leave the regulator and number empty for an unregulated profession."
            )
        return None, None
    body = db.session.get(AccreditationBody, regulator_id) if regulator_id else None
    if body is None or body.kind is not BodyKind.REGULATOR:
        raise ProfileError("Choose the statutory regulator of your profession.")
    if profession.value not in (body.professions or []):
        raise ProfileError(
            f"The {body.short_name} does not regulate the {profession.value} profession."
        )
    if cleaned is None or not re.fullmatch(body.number_pattern, cleaned):
        example = f" (for example {body.number_example})" if body.number_example else ""
        raise ProfileError(f"That is not a valid {body.short_name} number{example}.")
    return body.id, cleaned


def _apply(practitioner: Practitioner, details: ProfileDetails) -> None:
    regulator_id, number = check_registration(
        details.profession, details.regulator_id, details.registration_number
    )
    values = asdict(details) | {"regulator_id": regulator_id, "registration_number": number}
    for name in PROFILE_FIELDS:
        setattr(practitioner, name, values[name])


def _new_slug(name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80] or "practitioner"
    while True:
        slug = f"{base}-{secrets.token_hex(3)}"
        if db.session.scalar(db.select(Practitioner.id).filter_by(slug=slug)) is None:
            return slug


def create_profile(account: Account, details: ProfileDetails) -> Practitioner:
    """Create the account's draft profile and commit. Raises ``ProfileError``."""
    if account.role is not Role.PRACTITIONER or not account.email_verified:
        raise ProfileError("Verify your email address before creating a profile.")
    if profile_of(account) is not None:
        raise ProfileError("You already have a profile.")
    practitioner = Practitioner(
        slug=_new_slug(details.display_name), owner_id=account.id, state=PublicationState.DRAFT
    )
    _apply(practitioner, details)
    db.session.add(practitioner)
    db.session.flush()
    record_change(
        practitioner,
        "profile.create",
        "practitioner",
        practitioner.id,
        account,
        None,
        snapshot(practitioner, PROFILE_FIELDS),
    )
    db.session.commit()
    return practitioner


def update_profile(account: Account, details: ProfileDetails) -> Practitioner:
    """Save the editable details of the account's profile; commits. Raises ``ProfileError``."""
    practitioner = own_profile(account)
    before = snapshot(practitioner, PROFILE_FIELDS)
    _apply(practitioner, details)
    record_change(
        practitioner,
        "profile.update",
        "practitioner",
        practitioner.id,
        account,
        before,
        snapshot(practitioner, PROFILE_FIELDS),
    )
    db.session.commit()
    return practitioner


def publish_problems(practitioner: Practitioner) -> list[str]:
    """What stops this profile being published; empty when it may be."""
    problems = []
    if practitioner.state is PublicationState.SUSPENDED:
        problems.append("Your profile is suspended; contact us to resolve it.")
    if practitioner.owner is None or not practitioner.owner.email_verified:
        problems.append("Verify your email address.")
    if not practitioner.clinics:
        problems.append("Add at least one clinic.")
    if not practitioner.offers:
        problems.append("Add at least one treatment you offer.")
    return problems


def set_published(account: Account, publish: bool) -> Practitioner:
    """Publish (draft to published) or unpublish (published to draft); commits.

    Raises ``ProfileError`` when the profile is suspended or not ready to publish.
    """
    practitioner = own_profile(account)
    if practitioner.state is PublicationState.SUSPENDED:
        raise ProfileError("Your profile is suspended; only our team can lift a suspension.")
    if publish and (problems := publish_problems(practitioner)):
        raise ProfileError("Not ready to publish: " + " ".join(problems))
    target = PublicationState.PUBLISHED if publish else PublicationState.DRAFT
    if practitioner.state is not target:
        before = {"state": practitioner.state.value}
        practitioner.state = target
        record_change(
            practitioner,
            "profile.publish" if publish else "profile.unpublish",
            "practitioner",
            practitioner.id,
            account,
            before,
            {"state": target.value},
        )
        db.session.commit()
    return practitioner


# Clinics -------------------------------------------------------------------------------


def _set_clinic(clinic: Clinic, details: ClinicDetails) -> None:
    for name in CLINIC_FIELDS:
        setattr(clinic, name, getattr(details, name).strip())
    # Geocode offline; an unresolvable postcode is kept and flagged, never refused here.
    clinic_locator.locate(clinic)


def _clinic_state(clinic: Clinic) -> dict[str, Any]:
    return snapshot(clinic, CLINIC_FIELDS + ("latitude", "longitude", "precision"))


def add_clinic(account: Account, details: ClinicDetails) -> Clinic:
    """Add a clinic to the account's profile, geocoded; commits."""
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


def update_clinic(account: Account, clinic_id: int, details: ClinicDetails) -> Clinic:
    """Edit one of the account's clinics, re-geocoded; commits. Raises ``NotFound``.

    A clinic shared with other practitioners (a seeded listing) is not changed under
    them: the owner gets an edited copy in its place.
    """
    clinic = owned(account, Clinic, clinic_id)
    practitioner = own_profile(account)
    before = _clinic_state(clinic)
    if len(clinic.practitioners) > 1:
        copy = Clinic()
        _set_clinic(copy, details)
        practitioner.clinics.remove(clinic)
        practitioner.clinics.append(copy)
        clinic = copy
    else:
        _set_clinic(clinic, details)
    db.session.flush()
    record_change(
        practitioner, "clinic.update", "clinic", clinic.id, account, before, _clinic_state(clinic)
    )
    db.session.commit()
    return clinic


def remove_clinic(account: Account, clinic_id: int) -> None:
    """Take a clinic off the account's profile (deleted if nobody else works there); commits."""
    clinic = owned(account, Clinic, clinic_id)
    practitioner = own_profile(account)
    before = _clinic_state(clinic)
    practitioner.clinics.remove(clinic)
    db.session.flush()
    if not clinic.practitioners:
        db.session.delete(clinic)
    record_change(practitioner, "clinic.remove", "clinic", clinic_id, account, before, None)
    db.session.commit()


# Treatments offered ----------------------------------------------------------------------


def _check_price(price_pence: int | None) -> None:
    if price_pence is not None and not 0 < price_pence <= MAX_PRICE_PENCE:
        raise ProfileError("Give a 'from' price between £0.01 and £100,000, or leave it empty.")


def _offer_state(offer: TreatmentOffer) -> dict[str, Any]:
    return {
        "treatment": offer.treatment.slug,
        "price_from_pence": offer.price_from_pence,
        "notes": offer.notes,
    }


def add_offer(
    account: Account, treatment_id: int, price_pence: int | None, notes: str = ""
) -> TreatmentOffer:
    """Offer a treatment at a 'from' price; commits. Raises ``ProfileError``, ``NotFound``."""
    practitioner = own_profile(account)
    treatment = db.session.get(Treatment, treatment_id)
    if treatment is None:
        raise NotFound("No such treatment.")
    _check_price(price_pence)
    if any(offer.treatment_id == treatment.id for offer in practitioner.offers):
        raise ProfileError(f"You already offer {treatment.name}; edit its price instead.")
    offer = TreatmentOffer(treatment=treatment, price_from_pence=price_pence, notes=notes.strip())
    practitioner.offers.append(offer)
    db.session.flush()
    record_change(
        practitioner, "offer.add", "treatment_offer", offer.id, account, None, _offer_state(offer)
    )
    db.session.commit()
    return offer


def update_offer(
    account: Account, offer_id: int, price_pence: int | None, notes: str = ""
) -> TreatmentOffer:
    """Change an offer's price and notes; commits. Raises ``ProfileError``, ``NotFound``."""
    offer = owned(account, TreatmentOffer, offer_id)
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
    db.session.commit()
    return offer


def remove_offer(account: Account, offer_id: int) -> None:
    """Stop offering a treatment; commits. Raises ``NotFound``."""
    offer = owned(account, TreatmentOffer, offer_id)
    practitioner = offer.practitioner
    before = _offer_state(offer)
    practitioner.offers.remove(offer)
    record_change(practitioner, "offer.remove", "treatment_offer", offer_id, account, before, None)
    db.session.commit()
