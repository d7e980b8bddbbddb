"""A search document: what the public may find about one practitioner, nothing more,
and the index fields it becomes (``document_loader`` reads them from the database).

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
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from directory.models import BodyKind
from directory.models.statutory_regulators import registers_profession, shows_prescriber
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


def price_term(slug: str, pence: int) -> str:
    """The ``price`` term of an offer: fixed-width pence, so terms sort by price."""
    return f"{slug}@{pence:08d}"


def _dated(pairs: list[tuple[str, date | None]]) -> list[str]:
    return [f"{name}@{expires.strftime('%Y%m%d') if expires else NEVER}" for name, expires in pairs]
