"""One public profile read as plain rows rather than ORM objects.

Loading a practitioner with its clinics, opening hours, registrations, offers and claims as mapped
objects (identity map, state tracking, four ``selectinload`` passes) was about 40% of a
profile page's CPU. Here Core statements, built once per process, fetch the same
columns into read-only mirrors of the models (``mirrors``: the models' own properties
and methods come along, so ``is_current`` and the trust rules run unchanged); treatments,
bodies and the regulator come from the per-process taxonomy copy instead of joins. Of
the owner's account only whether it may receive messages is read. A column added to a
model appears in its mirror with no change here; a relationship the profile starts to
read must be added to ``_statements`` and ``load``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import BindParameter, Select, bindparam, or_, select

from directory.models import (
    Account,
    Clinic,
    ClinicRegistration,
    CredentialClaim,
    OpeningHours,
    Practitioner,
    PublicationState,
    TreatmentOffer,
)
from directory.models.practitioners import practitioner_clinics
from directory.prepared import Prepared, read_connection
from directory.services.mirrors import columns, mirror, select_columns

PractitionerRow = mirror(Practitioner, ("owner", "regulator", "clinics", "offers", "claims"))
# Whether the owner's account may receive messages; nothing else of the account is read.
OWNER_COLUMNS = ("id", "role", "is_active", "email_verified_at")
OWNER_PREFIX = "owner__"  # the owner's columns in the practitioner's row
OwnerRow = mirror(Account, only=OWNER_COLUMNS)
ClinicRow = mirror(Clinic, ("hours", "registrations"))
HoursRow = mirror(OpeningHours)
RegistrationRow = mirror(ClinicRegistration)
OfferRow = mirror(TreatmentOffer, ("treatment",))
ClaimRow = mirror(CredentialClaim, ("body",))


@cache
def _statements() -> tuple[Prepared, ...]:
    """``_selects()``, each prepared to run on the driver's cursor (``prepared``)."""
    return tuple(Prepared(statement) for statement in _selects())


def _selects() -> tuple[Select[Any], ...]:
    """Built once per process; table columns, so they run as Core with no ORM step. The
    owner comes with the practitioner (an outer join); each clinic's hours and
    registrations are chosen by the practitioner's id through the link table, so no
    statement needs the clinic ids spelled out (an expanding IN is re-rendered on every
    run)."""
    pid: BindParameter[Any] = bindparam("pid")
    link = practitioner_clinics.c
    people = Practitioner.__table__.c
    accounts = Account.__table__.c
    hours = OpeningHours.__table__.c
    registered = ClinicRegistration.__table__.c
    their_clinics = select(link.clinic_id).where(link.practitioner_id == pid)
    owner_columns = [c.label(OWNER_PREFIX + key) for key, c in columns(Account, OWNER_COLUMNS)]
    return (
        select_columns(Practitioner)
        .add_columns(*owner_columns)
        .select_from(
            Practitioner.__table__.outerjoin(Account.__table__, people.owner_id == accounts.id)
        )
        .where(
            people.slug == bindparam("slug"),
            # Two comparisons, not IN of a list: SQLAlchemy re-renders an IN list on
            # every run.
            or_(
                people.state == PublicationState.PUBLISHED,
                people.state == PublicationState.SUSPENDED,
            ),
        ),
        select_columns(Clinic)
        .join_from(Clinic.__table__, practitioner_clinics, link.clinic_id == Clinic.__table__.c.id)
        .where(link.practitioner_id == pid)
        .order_by(Clinic.__table__.c.id),  # as the model's relationship orders them
        select_columns(OpeningHours)
        .where(hours.clinic_id.in_(their_clinics))
        .order_by(hours.clinic_id, hours.weekday, hours.id),
        select_columns(ClinicRegistration)
        .where(registered.clinic_id.in_(their_clinics))
        .order_by(registered.clinic_id, registered.id),
        select_columns(TreatmentOffer).where(TreatmentOffer.__table__.c.practitioner_id == pid),
        select_columns(CredentialClaim).where(CredentialClaim.__table__.c.practitioner_id == pid),
    )


def load(slug: str) -> Any | None:
    """The practitioner with ``slug`` if published or suspended (the caller tells them
    apart), as a ``PractitionerRow`` with its owner, regulator, clinics (by id, each with
    its hours by weekday and its registrations), offers and claims; None when there is
    none. Read only."""
    from directory.services.taxonomy_cache import derived

    people, clinic_rows, hour_rows, registration_rows, offer_rows, claim_rows = _statements()
    connection = read_connection()
    found = next(iter(people.mappings(connection, {"slug": slug})), None)
    if found is None:
        return None
    row = {k: v for k, v in found.items() if not k.startswith(OWNER_PREFIX)}
    treatment_by_id, body_by_id = derived("taxonomy by id", _by_id)
    pid = {"pid": row["id"]}
    clinic_maps = clinic_rows.mappings(connection, pid)
    hours: dict[int, list[Any]] = {c["id"]: [] for c in clinic_maps}
    registrations: dict[int, list[Any]] = {c["id"]: [] for c in clinic_maps}
    if hours:
        for hour in hour_rows.mappings(connection, pid):
            hours[hour["clinic_id"]].append(HoursRow(**hour))
        for entry in registration_rows.mappings(connection, pid):
            registrations[entry["clinic_id"]].append(RegistrationRow(**entry))
    offers = [
        OfferRow(**offer, treatment=treatment_by_id[offer["treatment_id"]])
        for offer in offer_rows.mappings(connection, pid)
        if offer["treatment_id"] in treatment_by_id
    ]
    claims = [
        ClaimRow(**claim, body=body_by_id[claim["body_id"]])
        for claim in claim_rows.mappings(connection, pid)
        if claim["body_id"] in body_by_id
    ]
    owner = None
    if found[OWNER_PREFIX + "id"] is not None:
        owner = OwnerRow(**{name: found[OWNER_PREFIX + name] for name in OWNER_COLUMNS})
    return PractitionerRow(
        **row,
        owner=owner,
        regulator=body_by_id.get(row["regulator_id"]),
        clinics=[
            ClinicRow(**c, hours=hours[c["id"]], registrations=registrations[c["id"]])
            for c in clinic_maps
        ],
        offers=offers,
        claims=claims,
    )


def _by_id(taxonomy: Any) -> tuple[dict[int, Any], dict[int, Any]]:
    treatments, bodies = taxonomy
    return {t.id: t for t in treatments}, {b.id: b for b in bodies}
