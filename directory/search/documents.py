"""From database rows to search documents: what the public may find, nothing more.

Only published practitioners get a document. Badges are the verified claims, each with
its expiry date; whether a badge is current is decided at query time against today's
date, so a credential stops counting on its expiry day even if no job has run. The
``checked`` field holds the checked facts the same way, each with the expiry of the
claim behind it: "any@..." (some credential), "prescriber@..." and "<profession>@..."
(a statutory registration covering the profession the practitioner gave), and
"registered@..." for a clinic's checked registration with its care regulator: a fact
about premises, kept apart from "any" so it never makes a practitioner checked.
"""

from __future__ import annotations

import struct
import zlib
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
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
from directory.models.credentials import registers_profession, shows_prescriber
from directory.models.opening_hours import WEEKEND
from directory.search import geometry

NEVER = "never"
WEEKEND_FEATURE = "weekend"
STEP_FREE_FEATURE = "stepfree"
REGISTERED_FACT = "registered"  # a "checked" fact, dated: some clinic's checked registration
MOBILE_FEATURE = "mobile"  # offers home visits (the area is in the ``travel`` column)


@dataclass(frozen=True)
class ClinicPlace:
    clinic_id: int
    name: str
    town: str
    postcode: str
    lat: float | None
    lon: float | None


@dataclass
class SearchDocument:
    pid: int
    name: str
    sortname: str
    profession: str
    bio: str
    clinics: list[ClinicPlace] = field(default_factory=list)
    treatments: list[str] = field(default_factory=list)
    badges: list[tuple[str, date | None]] = field(default_factory=list)
    features: set[str] = field(default_factory=set)
    languages: list[str] = field(default_factory=list)
    prices: dict[str, int] = field(default_factory=dict)  # treatment slug -> "from" pence
    checked: list[tuple[str, date | None]] = field(default_factory=list)
    travel: tuple[float, float, int] | None = None  # home visits: base lat, lon, miles

    @property
    def located(self) -> list[ClinicPlace]:
        return [c for c in self.clinics if c.lat is not None and c.lon is not None]

    def geo_key(self) -> int:
        """Z-order key of the first located clinic: the rebuild's document order.

        Only the first, even when it lies outside the grid: ``segdata`` files every
        document under its first clinic, and one document ordered by another clinic
        would make its whole segment count as unordered (correct, but slow)."""
        located = self.located
        key = geometry.point_key(located[0].lat, located[0].lon) if located else None  # type: ignore[arg-type]
        return geometry.NO_KEY if key is None else key

    def badge_terms(self) -> list[str]:
        return _dated(self.badges)

    def add_claim(
        self,
        slug: str,
        expires: date | None,
        kind: BodyKind,
        professions: list[str] | None,
        prescriber: bool | None,
    ) -> None:
        """Record one verified claim as a badge and as the checked facts it supports."""
        self.badges.append((slug, expires))
        self.checked.append(("any", expires))
        if registers_profession(kind, professions, self.profession):
            self.checked.append((self.profession, expires))
        if shows_prescriber(kind, slug, prescriber):
            self.checked.append(("prescriber", expires))

    def fingerprint(self, fields: dict[str, Any] | None = None) -> int:
        """CRC of everything indexed, so ``drift`` can spot a stale document;
        ``fields`` saves recomputing ``to_fields()`` when the caller has it."""
        return zlib.crc32(repr(fields if fields is not None else self.to_fields()).encode("utf-8"))

    def to_fields(self) -> dict[str, Any]:
        """Keyword arguments for ``IndexWriter.add_document`` (without the fingerprint)."""
        located = [(c.lat, c.lon, float(c.clinic_id)) for c in self.located]
        postcodes = " ".join(c.postcode.split(" ")[0] for c in self.clinics if c.postcode)
        return {
            "pid": str(self.pid),
            "pid_col": self.pid,
            "name": self.name,
            "clinic": " ".join(c.name for c in self.clinics),
            "town": " ".join(c.town for c in self.clinics) + " " + postcodes,
            "bio": self.bio,
            "treatment": " ".join(sorted(set(self.treatments))),
            "profession": self.profession,
            "badge": " ".join(sorted(set(self.badge_terms()))),
            "feature": " ".join(
                sorted(self.features | ({MOBILE_FEATURE} if self.travel else set()))
            ),
            "language": " ".join(sorted(set(self.languages))),
            "price": " ".join(price_term(s, p) for s, p in sorted(self.prices.items())),
            "checked": " ".join(sorted(set(_dated(self.checked)))),
            "geo": struct.pack(f"<{3 * len(located)}d", *(v for row in located for v in row)),
            "sortname": self.sortname.encode("utf-8"),
            "travel": struct.pack("<3d", *self.travel) if self.travel else b"",
        }


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


def _dated(pairs: list[tuple[str, date | None]]) -> list[str]:
    return [f"{name}@{expires.strftime('%Y%m%d') if expires else NEVER}" for name, expires in pairs]


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


def price_term(slug: str, pence: int) -> str:
    """The ``price`` term of an offer: fixed-width pence, so terms sort by price."""
    return f"{slug}@{pence:08d}"


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


def published_ids() -> set[int]:
    """Ids of every practitioner the public may see right now."""
    query = db.select(Practitioner.id).where(Practitioner.is_public)
    return set(db.session.scalars(query))


def group_by_owner(pairs: list[tuple[int, Any]]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for owner, value in pairs:
        grouped[owner].append(value)
    return grouped
