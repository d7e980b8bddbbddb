"""What a result card needs, read as plain rows rather than ORM objects.

A results page shows up to 20 practitioners with their clinics, offers and credentials;
building a mapped object (identity map, state tracking, relationship collections) for
each of those rows was the largest share of a search request's CPU. Here five Core
statements fetch only the card's columns into small read-only records (named tuples:
a page makes about a hundred, and a frozen dataclass takes five times as long to
build); treatments and bodies come from the per-process taxonomy copy instead of
joins. The records carry the same attribute names as the models, so cards, the API
and badges read either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import BindParameter, Select, bindparam, select

from directory.models import (
    AccreditationBody,
    ClaimStatus,
    Clinic,
    ClinicRegistration,
    CredentialClaim,
    Practitioner,
    Profession,
    RegistrationKind,
    Treatment,
    TreatmentOffer,
)
from directory.models.credentials import current
from directory.models.practitioners import practitioner_clinics, published
from directory.prepared import Prepared, read_connection


class CardPractitioner(NamedTuple):
    id: int
    slug: str
    title: str
    display_name: str
    profession: Profession
    is_demo: bool

    @property
    def full_name(self) -> str:
        return Practitioner.full_name.fget(self)  # type: ignore[attr-defined,no-any-return]


class CardClinic(NamedTuple):
    id: int
    name: str
    town: str
    postcode: str
    latitude: float | None
    longitude: float | None

    @property
    def has_location(self) -> bool:
        return Clinic.has_location.fget(self)  # type: ignore[attr-defined,no-any-return]


class CardOffer(NamedTuple):
    treatment: Treatment  # the shared taxonomy copy: read only
    price_from_pence: int | None


class CardClaim(NamedTuple):
    body: AccreditationBody  # the shared taxonomy copy: read only
    number: str
    status: ClaimStatus
    decided_at: datetime | None
    expires_on: date | None
    prescriber: bool | None  # as the admin recorded it from the register (``trust``)
    register_conditions: str | None

    def is_current(self, today: date) -> bool:
        # The model's own rule, applied to these columns: there is one rule, not two.
        return current(self.status, self.expires_on, today)


class CardRegistration(NamedTuple):
    """A verified registration of a clinic (callers keep the current ones)."""

    clinic_id: int
    kind: RegistrationKind
    regulator: str | None
    authority: str | None
    number: str
    status: ClaimStatus
    decided_at: datetime | None
    expires_on: date | None

    # The model's own rules and wording, applied to these columns.
    @property
    def care_regulator(self) -> Any:
        return ClinicRegistration.care_regulator.fget(self)  # type: ignore[attr-defined]

    @property
    def issuer(self) -> str:
        return ClinicRegistration.issuer.fget(self)  # type: ignore[attr-defined,no-any-return]

    @property
    def public_url(self) -> str | None:
        return ClinicRegistration.public_url.fget(self)  # type: ignore[attr-defined,no-any-return]

    def is_current(self, today: date) -> bool:
        return current(self.status, self.expires_on, today)


@dataclass(frozen=True, slots=True)
class CardData:
    practitioner: CardPractitioner
    clinics: list[CardClinic]  # by id, as the model's relationship orders them
    offers: list[CardOffer]
    claims: list[CardClaim]  # every claim; callers keep the current ones
    registrations: dict[int, list[CardRegistration]]  # verified ones, by clinic id


# The id lists are bound as a fixed number of parameters (a power of two, the last id
# repeated to fill it) rather than one expanding parameter: SQLAlchemy re-renders an
# expanding IN on every run, which cost about as much as the database's own work.
# A statement per size is compiled once; a page of 20 ids uses the size 32.
def _size(count: int) -> int:
    return 1 << max(0, count - 1).bit_length()


def _bound(ids: list[int]) -> dict[str, int]:
    """The parameters of a statement from ``_statements(_size(len(ids)))``."""
    padded = ids + ids[-1:] * (_size(len(ids)) - len(ids))
    return {f"id{i}": value for i, value in enumerate(padded)}


@cache
def _statements(size: int) -> tuple[Prepared, ...]:
    """``_selects(size)``, each prepared to run on the driver's cursor (``prepared``)."""
    return tuple(Prepared(statement) for statement in _selects(size))


def _selects(size: int) -> tuple[Select[Any], ...]:
    """The five statements for ``size`` ids, built once per process: constructing them
    on every request cost a third of what running them does. Table columns, not ORM
    attributes, so they run as plain Core with no ORM compile step."""
    p, c, o = Practitioner.__table__.c, Clinic.__table__.c, TreatmentOffer.__table__.c
    k, link = CredentialClaim.__table__.c, practitioner_clinics.c
    r = ClinicRegistration.__table__.c
    ids: list[BindParameter[Any]] = [bindparam(f"id{i}") for i in range(size)]
    return (
        select(p.id, p.slug, p.title, p.display_name, p.profession, p.is_demo).where(
            p.id.in_(ids), published(p.state)
        ),
        select(link.practitioner_id, c.id, c.name, c.town, c.postcode, c.latitude, c.longitude)
        .join_from(practitioner_clinics, Clinic.__table__, c.id == link.clinic_id)
        .where(link.practitioner_id.in_(ids))
        .order_by(c.id),
        select(o.practitioner_id, o.treatment_id, o.price_from_pence).where(
            o.practitioner_id.in_(ids)
        ),
        select(
            k.practitioner_id,
            k.body_id,
            k.number,
            k.status,
            k.decided_at,
            k.expires_on,
            k.prescriber,
            k.register_conditions,
        ).where(k.practitioner_id.in_(ids)),
        # Every registration of their clinics, each once however many of the
        # practitioners share the clinic; ``load`` keeps the verified ones. With the
        # status in the WHERE clause SQLite chose the status index and read every
        # verified registration on the site.
        select(
            r.clinic_id,
            r.kind,
            r.regulator,
            r.authority,
            r.number,
            r.status,
            r.decided_at,
            r.expires_on,
        )
        .where(r.clinic_id.in_(select(link.clinic_id).where(link.practitioner_id.in_(ids))))
        .order_by(r.clinic_id, r.kind),
    )


def load(ids: list[int]) -> dict[int, CardData]:
    """The published practitioners among ``ids``, by id, with what their cards show.
    Read only; five statements whatever the number of ids."""
    from directory.services.taxonomy_cache import taxonomy

    if not ids:
        return {}
    treatments, bodies = taxonomy()
    treatment_by_id = {t.id: t for t in treatments}
    body_by_id = {b.id: b for b in bodies}
    people = _statements(_size(len(ids)))[0]
    connection = read_connection()
    found = {row[0]: CardPractitioner(*row) for row in people.rows(connection, _bound(ids))}
    if not found:
        return {}
    _, clinic_rows, offer_rows, claim_rows, registration_rows = _statements(_size(len(found)))
    wanted = _bound(list(found))
    clinics: dict[int, list[CardClinic]] = {pid: [] for pid in found}
    for pid, *columns in clinic_rows.rows(connection, wanted):
        clinics[pid].append(CardClinic(*columns))
    offers: dict[int, list[CardOffer]] = {pid: [] for pid in found}
    for pid, treatment_id, price in offer_rows.rows(connection, wanted):
        if treatment_id in treatment_by_id:
            offers[pid].append(CardOffer(treatment_by_id[treatment_id], price))
    claims: dict[int, list[CardClaim]] = {pid: [] for pid in found}
    for pid, body_id, *columns in claim_rows.rows(connection, wanted):
        if body_id in body_by_id:
            claims[pid].append(CardClaim(body_by_id[body_id], *columns))
    registrations: dict[int, list[CardRegistration]] = {}
    for clinic_id, kind, regulator, authority, number, status, *dates in registration_rows.rows(
        connection, wanted
    ):
        if status == ClaimStatus.VERIFIED:
            registrations.setdefault(clinic_id, []).append(
                CardRegistration(
                    clinic_id, RegistrationKind(kind), regulator, authority, number, status, *dates
                )
            )
    return {
        pid: CardData(person, clinics[pid], offers[pid], claims[pid], registrations)
        for pid, person in found.items()
    }
