"""The database fallback's conditions (``fallback``): a search's filters as SQL over the
models' public rules, the same ones the index documents are built from.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from sqlalchemy import String, cast, or_

from directory.extensions import db
from directory.models import (
    AccreditationBody,
    BodyKind,
    Clinic,
    ClinicRegistration,
    CredentialClaim,
    OpeningHours,
    Practitioner,
    RegistrationKind,
    Treatment,
    TreatmentOffer,
)
from directory.models.opening_hours import WEEKEND
from directory.models.statutory_regulators import registers_profession, shows_prescriber
from directory.search import analysis, fallback_travel
from directory.search.types import REGULATED, SearchQuery


def base(query: SearchQuery, today: date) -> Any:
    """A subquery of the ids matching everything but the radius."""
    stmt = db.select(Practitioner.id).where(Practitioner.is_public)
    current = CredentialClaim.is_current(today)
    if query.checked_only:
        stmt = stmt.where(Practitioner.claims.any(current))
    if query.prescriber:
        stmt = stmt.where(Practitioner.id.in_(_prescribers(today)))
    if query.treatment:
        offered = TreatmentOffer.treatment.has(Treatment.slug == query.treatment)
        stmt = stmt.where(Practitioner.offers.any(offered))
    if query.bodies:
        stmt = stmt.where(
            Practitioner.claims.any(
                current & CredentialClaim.body.has(AccreditationBody.slug.in_(query.bodies))
            )
        )
    if query.profession == REGULATED:
        stmt = stmt.where(
            Practitioner.claims.any(
                current & CredentialClaim.body.has(AccreditationBody.kind == BodyKind.REGULATOR)
            )
        )
    elif query.profession:
        stmt = stmt.where(
            Practitioner.profession == query.profession,
            Practitioner.id.in_(profession_checked(today)),
        )
    if query.language:
        stmt = stmt.where(_speaks(query.language))
    if query.treatment and query.max_price_pence is not None:
        stmt = stmt.where(
            Practitioner.offers.any(
                TreatmentOffer.treatment.has(Treatment.slug == query.treatment)
                & (TreatmentOffer.price_from_pence <= query.max_price_pence)
            )
        )
    for name, clinic_has in switches(today).items():
        if getattr(query, name):
            stmt = stmt.where(Practitioner.clinics.any(clinic_has))
    if query.mobile:  # with a point, ``_ranked`` keeps only those who travel to it
        stmt = stmt.where(fallback_travel.is_mobile())
    for word in analysis.query_words(query.text or ""):
        stmt = stmt.where(_word_matches(word))
    return stmt


def switches(today: date) -> dict[str, Any]:
    """Each clinic switch of ``CLINIC_SWITCHES`` as a condition on one clinic."""
    return {
        "weekends": Clinic.hours.any(OpeningHours.weekday.in_(WEEKEND)),
        "step_free": Clinic.step_free.is_(True),
        "registered": Clinic.registrations.any(
            ClinicRegistration.is_current(today)
            & (ClinicRegistration.kind == RegistrationKind.REGULATOR)
        ),
    }


def _speaks(code: str) -> Any:
    # The JSON list as text on every backend; codes are letters only, so a quoted
    # code cannot match part of another.
    return cast(Practitioner.languages, String).like(f'%"{code}"%')


def checked_ids(ids: set[int], today: date) -> set[int]:
    """Those of ``ids`` with a current credential."""
    owner = CredentialClaim.practitioner_id
    stmt = db.select(owner).where(CredentialClaim.is_current(today))
    return {
        pid
        for chunk in chunks(sorted(ids))
        for pid in db.session.scalars(stmt.where(owner.in_(chunk)))
    }


def _regulator_claims(today: date) -> Any:
    return (
        db.select(
            CredentialClaim.practitioner_id,
            Practitioner.profession,
            AccreditationBody.kind,
            AccreditationBody.slug,
            AccreditationBody.professions,
            CredentialClaim.prescriber,
        )
        .select_from(CredentialClaim)
        .join(AccreditationBody, AccreditationBody.id == CredentialClaim.body_id)
        .join(Practitioner, Practitioner.id == CredentialClaim.practitioner_id)
        .where(CredentialClaim.is_current(today), AccreditationBody.kind == BodyKind.REGULATOR)
    )


def profession_checked(today: date) -> list[int]:
    """Ids whose stated profession a current statutory registration confirms (the
    bodies' professions are JSON, judged in Python like the index does)."""
    return [
        pid
        for pid, profession, kind, _, professions, _ in db.session.execute(_regulator_claims(today))
        if registers_profession(BodyKind(kind), professions, str(profession))
    ]


def _prescribers(today: date) -> list[int]:
    return [
        pid
        for pid, _, kind, slug, _, prescriber in db.session.execute(_regulator_claims(today))
        if shows_prescriber(BodyKind(kind), slug, prescriber)
    ]


def _word_matches(word: str) -> Any:
    pattern = f"%{os.path.commonprefix([word, analysis.stem(word)])}%"
    return or_(
        Practitioner.display_name.ilike(pattern),
        Practitioner.title.ilike(pattern),
        Practitioner.bio.ilike(pattern),
        Practitioner.clinics.any(
            or_(
                Clinic.name.ilike(pattern),
                Clinic.town.ilike(pattern),
                Clinic.postcode.ilike(pattern),
            )
        ),
        Practitioner.offers.any(
            TreatmentOffer.treatment.has(
                or_(Treatment.name.ilike(pattern), cast(Treatment.synonyms, String).ilike(pattern))
            )
        ),
    )


def chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]
