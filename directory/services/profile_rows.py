"""One public profile read as plain rows rather than ORM objects.

Loading a practitioner with its clinics, opening hours, offers and claims as mapped
objects (identity map, state tracking, four ``selectinload`` passes) was about 40% of a
profile page's CPU. Here five Core statements, built once per process, fetch the same
columns into read-only mirrors of the models; treatments, bodies and the regulator come
from the per-process taxonomy copy (``taxonomy_cache``) instead of joins.

A mirror has every mapped column of its model under the same name, the model's own
properties and public methods (``Practitioner.is_public``, ``CredentialClaim.is_current``,
``OpeningHours.day_name``: one rule, not a copy of it), and the relationships the public
profile reads (of the owner's account, only whether it may receive messages). A column
added to a model appears in its mirror with no change here; a relationship the profile
starts to read must be added to ``_statements`` and ``load``.
"""

from __future__ import annotations

import inspect
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy import inspect as sa_inspect

from directory.extensions import db
from directory.models import (
    Account,
    Clinic,
    CredentialClaim,
    OpeningHours,
    Practitioner,
    PublicationState,
    TreatmentOffer,
)
from directory.models.practitioners import practitioner_clinics


class _Mirror:
    """Attributes from keyword arguments; read only once built."""

    __slots__ = ()

    def __init__(self, **values: Any) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read only")


def _columns(model: type, only: tuple[str, ...] = ()) -> list[tuple[str, Any]]:
    """(attribute name, table column) for every mapped column of ``model`` (or those
    named in ``only``)."""
    return [
        (attr.key, attr.columns[0])
        for attr in sa_inspect(model).column_attrs
        if not only or attr.key in only
    ]


def _mirror(
    model: type, relations: tuple[str, ...] = (), only: tuple[str, ...] = ()
) -> type[_Mirror]:
    names = tuple(key for key, _ in _columns(model, only)) + relations
    namespace: dict[str, Any] = {"__slots__": names, "__module__": __name__}
    for name, value in vars(model).items():
        if isinstance(value, property) or (
            inspect.isfunction(value) and (not name.startswith("_") or name == "__repr__")
        ):
            namespace[name] = value
    return type(f"{model.__name__}Row", (_Mirror,), namespace)


PractitionerRow = _mirror(Practitioner, ("owner", "regulator", "clinics", "offers", "claims"))
# Whether the owner's account may receive messages; nothing else of the account is read.
OWNER_COLUMNS = ("id", "role", "is_active", "email_verified_at")
OwnerRow = _mirror(Account, only=OWNER_COLUMNS)
ClinicRow = _mirror(Clinic, ("hours",))
HoursRow = _mirror(OpeningHours)
OfferRow = _mirror(TreatmentOffer, ("treatment",))
ClaimRow = _mirror(CredentialClaim, ("body",))


def _select(model: type, only: tuple[str, ...] = ()) -> Select[Any]:
    return select(*(column.label(key) for key, column in _columns(model, only)))


@cache
def _statements() -> tuple[Select[Any], ...]:
    """Built once per process; table columns, so they run as Core with no ORM step."""
    pid = bindparam("pid")
    link = practitioner_clinics.c
    hours = OpeningHours.__table__.c
    return (
        _select(Practitioner).where(
            Practitioner.__table__.c.slug == bindparam("slug"),
            Practitioner.__table__.c.state.in_(
                (PublicationState.PUBLISHED, PublicationState.SUSPENDED)
            ),
        ),
        _select(Clinic)
        .join_from(Clinic.__table__, practitioner_clinics, link.clinic_id == Clinic.__table__.c.id)
        .where(link.practitioner_id == pid)
        .order_by(Clinic.__table__.c.id),  # as the model's relationship orders them
        _select(OpeningHours)
        .where(hours.clinic_id.in_(bindparam("clinic_ids", expanding=True)))
        .order_by(hours.clinic_id, hours.weekday, hours.id),
        _select(Account, OWNER_COLUMNS).where(Account.__table__.c.id == bindparam("owner_id")),
        _select(TreatmentOffer).where(TreatmentOffer.__table__.c.practitioner_id == pid),
        _select(CredentialClaim).where(CredentialClaim.__table__.c.practitioner_id == pid),
    )


def load(slug: str) -> Any | None:
    """The practitioner with ``slug`` if published or suspended (the caller tells them
    apart), as a ``PractitionerRow`` with its regulator, clinics (by id, each with its
    hours by weekday), offers and claims; None when there is none. Read only."""
    from directory.services.taxonomy_cache import taxonomy

    people, clinic_rows, hour_rows, owner_rows, offer_rows, claim_rows = _statements()
    execute = db.session.connection().execute
    row = execute(people, {"slug": slug}).mappings().first()
    if row is None:
        return None
    treatments, bodies = taxonomy()
    treatment_by_id = {t.id: t for t in treatments}
    body_by_id = {b.id: b for b in bodies}
    pid = {"pid": row["id"]}
    clinic_maps = list(execute(clinic_rows, pid).mappings())
    hours: dict[int, list[Any]] = {c["id"]: [] for c in clinic_maps}
    if hours:
        for hour in execute(hour_rows, {"clinic_ids": list(hours)}).mappings():
            hours[hour["clinic_id"]].append(HoursRow(**hour))
    offers = [
        OfferRow(**offer, treatment=treatment_by_id[offer["treatment_id"]])
        for offer in execute(offer_rows, pid).mappings()
        if offer["treatment_id"] in treatment_by_id
    ]
    claims = [
        ClaimRow(**claim, body=body_by_id[claim["body_id"]])
        for claim in execute(claim_rows, pid).mappings()
        if claim["body_id"] in body_by_id
    ]
    owner = None
    if row["owner_id"] is not None:
        found = execute(owner_rows, {"owner_id": row["owner_id"]}).mappings().first()
        owner = OwnerRow(**found) if found else None
    return PractitionerRow(
        **row,
        owner=owner,
        regulator=body_by_id.get(row["regulator_id"]),
        clinics=[ClinicRow(**c, hours=hours[c["id"]]) for c in clinic_maps],
        offers=offers,
        claims=claims,
    )
