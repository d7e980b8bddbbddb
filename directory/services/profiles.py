"""Read-side rules for what the public may see of a practitioner: profiles and badges (the
taxonomy's treatments and bodies are ``taxonomy_reads``).

A practitioner is visible only while published; a draft answers ``NotFound`` exactly as
a slug that never existed does, and a suspended profile answers ``Gone`` with no reason.
A credential shows as a badge only while it is verified and unexpired on ``today``;
what else the page may state as fact is ``trust.standing``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, or_
from sqlalchemy.orm import joinedload, selectinload

from directory.clock import today
from directory.extensions import db
from directory.models import (
    AccreditationBody,
    Clinic,
    ClinicRegistration,
    Practitioner,
    PublicationState,
    TreatmentOffer,
)
from directory.services import Gone, NotFound, trust
from directory.services.photo_reads import PhotoSet, public_set
from directory.services.taxonomy_reads import BODY_ORDER


@dataclass(frozen=True)
class Badge:
    """A checked credential: who vouches, under which number, checked when, valid until."""

    body: AccreditationBody
    number: str
    verified_on: date | None
    valid_until: date | None
    conditions: str | None = None  # conditions or warnings the register listed


@dataclass(frozen=True)
class ClinicPlace:
    clinic: Clinic
    distance_miles: float | None
    # The clinic's registrations checked and current on the day (regulator first).
    registrations: tuple[ClinicRegistration, ...] = ()


@dataclass(frozen=True)
class Registration:
    """The statutory registration a practitioner gave, and whether we have checked it."""

    body: AccreditationBody
    number: str
    checked: Badge | None


@dataclass(frozen=True)
class Profile:
    practitioner: Practitioner
    badges: list[Badge]
    registration: Registration | None
    offers: list[TreatmentOffer]
    clinics: list[ClinicPlace]
    standing: trust.Standing
    photos: PhotoSet = field(default_factory=PhotoSet)

    @property
    def name(self) -> str:
        """The name to show (with "Dr" only when a regulator confirms the profession)."""
        return trust.public_name(self.practitioner, self.standing)


def current_badges(practitioner: Practitioner, on: date | None = None) -> list[Badge]:
    """Verified, unexpired credentials, registers first, then memberships, then regulators."""
    on = on or today()
    return badges_from_claims([c for c in practitioner.claims if c.is_current(on)])


def badges_from_claims(claims: Sequence[trust.Claim]) -> list[Badge]:
    """Badges for claims already known to be current, in the order every page uses."""
    ordered = sorted(claims, key=lambda c: (BODY_ORDER.get(c.body.kind, 9), c.body.short_name))
    return [_badge(c) for c in ordered]


def _badge(claim: trust.Claim) -> Badge:
    decided = claim.decided_at.date() if claim.decided_at else None
    return Badge(
        body=claim.body,
        number=claim.number,
        verified_on=decided,
        valid_until=claim.expires_on,
        conditions=claim.register_conditions or None,
    )


def get_public_practitioner(slug: str) -> Practitioner:
    """The published practitioner with this slug, relations loaded. Raises ``NotFound``,
    or ``Gone`` for a suspended one (the reason is for its owner, not the public)."""
    return _public(db.session.scalar(_public_practitioner_statement(), {"slug": slug}))


def _public(practitioner: Any) -> Any:
    """``practitioner`` (published or suspended, or None) if the public may see it."""
    if practitioner is None:
        raise NotFound("We could not find that practitioner. The listing may have been removed.")
    if practitioner.state is PublicationState.SUSPENDED:
        raise Gone("This listing is not available.")
    return practitioner


@cache
def _public_practitioner_statement() -> Select[Practitioner]:
    # Built once per process (every profile view runs it); the regulator, one row at
    # most, comes in the same statement, each collection in one statement of its own.
    return (
        db.select(Practitioner)
        .where(
            Practitioner.slug == bindparam("slug"),
            # a suspended one too, to answer Gone rather than NotFound
            or_(Practitioner.is_public, Practitioner.state == PublicationState.SUSPENDED),
        )
        .options(
            joinedload(Practitioner.regulator),
            selectinload(Practitioner.clinics).selectinload(Clinic.hours),
            selectinload(Practitioner.clinics).selectinload(Clinic.registrations),
            selectinload(Practitioner.offers),
            selectinload(Practitioner.claims),
        )
    )


def build_profile(
    slug: str, origin: tuple[float, float] | None = None, on: date | None = None
) -> Profile:
    """Everything the profile page and API show. Raises ``NotFound`` (see module doc).

    The practitioner and what hangs from it are read-only rows (``profile_rows``) with
    the models' attribute names, not ORM objects: read them, never change them. With an
    ``origin`` (lat, lon) each clinic carries its distance and clinics come nearest first;
    clinics without coordinates go last with no distance.
    """
    from directory.geo.distance import haversine_miles
    from directory.services import profile_rows

    practitioner = _public(profile_rows.load(slug))
    on = on or today()
    badges = current_badges(practitioner, on)
    places = []
    for clinic in practitioner.clinics:
        distance = None
        if origin is not None and clinic.latitude is not None and clinic.longitude is not None:
            distance = haversine_miles(origin[0], origin[1], clinic.latitude, clinic.longitude)
        places.append(ClinicPlace(clinic, distance, current_registrations(clinic, on)))
    if origin is not None:
        places.sort(key=lambda p: (p.distance_miles is None, p.distance_miles or 0.0))
    offers = sorted(practitioner.offers, key=lambda o: o.treatment.name.lower())
    facts = trust.standing_on(practitioner, on)
    return Profile(
        practitioner,
        badges,
        _registration(practitioner, badges),
        offers,
        places,
        facts,
        public_set(practitioner.id),
    )


def current_registrations(clinic: Clinic, on: date) -> tuple[ClinicRegistration, ...]:
    """The clinic's registrations the public may see as checked on ``on``: the care
    regulator's first, then licences."""
    return tuple(
        sorted(
            (r for r in clinic.registrations if r.is_current(on)),
            key=lambda r: (r.kind.value != "regulator", r.id),
        )
    )


def _registration(practitioner: Practitioner, badges: list[Badge]) -> Registration | None:
    body, number = practitioner.regulator, practitioner.registration_number
    if body is None or not number:
        return None
    checked = next(
        (b for b in badges if b.body.id == body.id and _same_number(b.number, number)), None
    )
    return Registration(body, number, checked)


def _same_number(a: str, b: str) -> bool:
    return a.replace(" ", "").upper() == b.replace(" ", "").upper()
