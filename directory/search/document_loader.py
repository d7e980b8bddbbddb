"""Search documents from the database: a few set-wise queries, whatever the count.

Only published practitioners (``Practitioner.is_public``) get a document; every verified
claim and clinic registration comes with its expiry date, which the query compares
with the day asked about.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from directory.extensions import db
from directory.models import (
    AccreditationBody,
    BodyKind,
    ClaimStatus,
    Clinic,
    ClinicRegistration,
    CredentialClaim,
    OpeningHours,
    Practitioner,
    RegistrationKind,
    Treatment,
    TreatmentOffer,
    practitioner_clinics,
)
from directory.models.opening_hours import WEEKEND
from directory.search.documents import (
    REGISTERED_FACT,
    STEP_FREE_FEATURE,
    WEEKEND_FEATURE,
    ClinicPlace,
    SearchDocument,
)


def load_documents(ids: Collection[int] | None = None) -> list[SearchDocument]:
    """Documents for the published practitioners among ``ids`` (all when None), by id.

    Four set-wise queries whatever the count; read only.
    """
    query = db.select(
        Practitioner.id,
        Practitioner.title,
        Practitioner.display_name,
        Practitioner.profession,
        Practitioner.bio,
        Practitioner.languages,
        Practitioner.travel_latitude,
        Practitioner.travel_longitude,
        Practitioner.travel_miles,
    ).where(Practitioner.is_public)
    if ids is not None:
        query = query.where(Practitioner.id.in_(list(ids)))
    docs: dict[int, SearchDocument] = {}
    for pid, title, display_name, profession, bio, spoken, t_lat, t_lon, t_miles in _rows(
        query.order_by(Practitioner.id)
    ):
        full = f"{title} {display_name}".strip()
        travel = None if None in (t_lat, t_lon, t_miles) else (t_lat, t_lon, int(t_miles))
        docs[pid] = SearchDocument(
            pid,
            full,
            display_name.casefold(),
            str(profession),
            bio or "",
            languages=list(spoken or []),
            travel=travel,
        )
    if not docs:
        return []
    scope = list(docs) if ids is not None else None
    for pid, place in _clinics(scope):
        if pid in docs:
            docs[pid].clinics.append(place)
    for pid, slug, pence in _rows(
        db.select(
            TreatmentOffer.practitioner_id, Treatment.slug, TreatmentOffer.price_from_pence
        ).join(Treatment),
        TreatmentOffer.practitioner_id,
        scope,
    ):
        if pid in docs:
            docs[pid].treatments.append(slug)
            if pence is not None:
                docs[pid].prices[slug] = pence
    for pid, feature in _features(scope):
        if pid in docs:
            docs[pid].features.add(feature)
    claims = db.select(
        CredentialClaim.practitioner_id,
        AccreditationBody.slug,
        CredentialClaim.expires_on,
        AccreditationBody.kind,
        AccreditationBody.professions,
        CredentialClaim.prescriber,
    )
    # Every verified claim with its date, even one past it: the date half of
    # ``CredentialClaim.is_current`` is applied at query time, against the day asked about.
    claims = claims.join(AccreditationBody).where(CredentialClaim.status == ClaimStatus.VERIFIED)
    for pid, slug, expires, kind, professions, prescriber in _rows(
        claims, CredentialClaim.practitioner_id, scope
    ):
        if pid in docs:
            docs[pid].add_claim(slug, expires, BodyKind(kind), professions, prescriber)
    for pid, expires in _registrations(scope):
        if pid in docs:
            docs[pid].checked.append((REGISTERED_FACT, expires))
    return list(docs.values())


def _registrations(scope: list[int] | None) -> list[tuple[int, date | None]]:
    """(practitioner id, expiry) of each verified care-regulator registration of a clinic
    they work at; whether it is current is judged at query time, like badges."""
    owner = practitioner_clinics.c.practitioner_id
    query = (
        db.select(owner, ClinicRegistration.expires_on)
        .join(ClinicRegistration, ClinicRegistration.clinic_id == practitioner_clinics.c.clinic_id)
        .where(
            ClinicRegistration.status == ClaimStatus.VERIFIED,
            ClinicRegistration.kind == RegistrationKind.REGULATOR,
        )
    )
    return [(pid, expires) for pid, expires in _rows(query, owner, scope)]


def _rows(query: Any, owner: Any = None, scope: list[int] | None = None) -> Sequence[Any]:
    if scope is not None:
        query = query.where(owner.in_(scope))
    # Core execution on the session's connection (same transaction): these are plain
    # column rows, and the ORM's row processing was a fifth of a rebuild's reading.
    return db.session.connection().execute(query).all()


def _clinics(scope: list[int] | None) -> list[tuple[int, ClinicPlace]]:
    owner = practitioner_clinics.c.practitioner_id
    query = (
        db.select(
            owner,
            Clinic.id,
            Clinic.name,
            Clinic.town,
            Clinic.postcode,
            Clinic.latitude,
            Clinic.longitude,
        )
        .join(Clinic, Clinic.id == practitioner_clinics.c.clinic_id)
        .order_by(owner, Clinic.id)
    )
    rows = _rows(query, owner, scope)
    return [
        (pid, ClinicPlace(cid, name, town or "", postcode or "", lat, lon))
        for pid, cid, name, town, postcode, lat, lon in rows
    ]


def _features(scope: list[int] | None) -> list[tuple[int, str]]:
    """(practitioner id, feature) pairs: "weekend" when some clinic opens on a weekend,
    "stepfree" when some clinic is stated to have step-free access."""
    owner = practitioner_clinics.c.practitioner_id
    weekend = (
        db.select(owner)
        .distinct()
        .join(OpeningHours, OpeningHours.clinic_id == practitioner_clinics.c.clinic_id)
        .where(OpeningHours.weekday.in_(WEEKEND))
    )
    step_free = (
        db.select(owner)
        .distinct()
        .join(Clinic, Clinic.id == practitioner_clinics.c.clinic_id)
        .where(Clinic.step_free.is_(True))
    )
    return [(pid, WEEKEND_FEATURE) for (pid,) in _rows(weekend, owner, scope)] + [
        (pid, STEP_FREE_FEATURE) for (pid,) in _rows(step_free, owner, scope)
    ]
