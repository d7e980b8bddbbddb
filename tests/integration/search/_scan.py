"""A generated directory of a few hundred practitioners, and the same directory read
back as plain rows for an exhaustive scan (see ``_answer``).

The scan reads the database directly and shares nothing with the engine except the
word analysis (stemming), so it checks the index, the grid, the bitmaps and the paging
against the plain definition of each rule.
"""

from __future__ import annotations

import functools
import math
import random
from dataclasses import dataclass, field
from datetime import time, timedelta

from directory import search
from directory.extensions import db
from directory.geo import EARTH_RADIUS_MILES, haversine_miles
from directory.models import (
    ClaimStatus,
    ClinicRegistration,
    OpeningHours,
    Practitioner,
    PublicationState,
    RegistrationKind,
    Treatment,
)
from directory.search import analysis

from ._support import TODAY, add_practitioner, clinic_at, offset, point_of

CENTRES = [point_of(p) for p in ("LS1 4AP", "HG1 1ST", "YO1 7HH", "BD1 1HY", "M1 1AE")]
TREATMENTS = [
    "mesotherapy",
    "skin-boosters",
    "anti-wrinkle-injections",
    "dermal-fillers",
    "fat-dissolving-injections",
    "hair-loss-mesotherapy",
    "prp",
    "chemical-peels",
]
BODIES = ["jccp", "smuk", "save-face", "gmc", "nmc", "gdc", "gphc", "hcpc"]
PROFESSIONS = ["nurse", "doctor", "dentist", "pharmacist", "allied_health", "other"]
FIRST = ["Amy", "Ben", "Cara", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo"]
LAST = ["Patel", "Smith", "Khan", "Jones", "Okafor", "Reid", "Shah", "Wood"]
TOWNS = ["Leeds", "Harrogate", "York", "Bradford", "Manchester", "Otley", "Ilkley"]
BIO = ["natural", "results", "calm", "clinic", "gentle", "consultation", "evening", "friendly"]
LANGUAGES = ["pl", "ur", "fr", "bfi"]
RADII = [1.0, 3.0, 5.0, 10.0, 25.0, 50.0, 100.0]
TRAVEL_MILES = [1, 3, 5, 10, 25, 60, 100]


def generate(seed: int, count: int = 320) -> None:
    """Insert ``count`` practitioners (about 85% published); commits."""
    rnd = random.Random(seed)
    # Hours draw from their own sequence so the rest of the data stays as it was; so do
    # clinic registrations.
    hours = random.Random(seed + 1_000)
    registered = random.Random(seed + 2_000)
    clinics = []
    for n in range(count):
        centre = rnd.choice(CENTRES)
        first = offset(centre, rnd.uniform(0, 20), rnd.uniform(0, 360))
        places = []
        for k in range(rnd.choice((1, 1, 1, 2, 2, 3))):
            if clinics and rnd.random() < 0.1:
                places.append(rnd.choice(clinics))  # shares a colleague's clinic
                continue
            point = first if k == 0 else offset(first, rnd.uniform(0, 15), rnd.uniform(0, 360))
            clinic = clinic_at(
                None if rnd.random() < 0.05 else point,
                f"{rnd.choice(TOWNS)} {rnd.choice(['Skin', 'Glow', 'Face'])} Rooms",
                town=rnd.choice(TOWNS),
            )
            clinic.hours = [
                OpeningHours(weekday=d, opens=time(9), closes=time(17))
                for d in hours.sample(range(7), hours.choice((0, 2, 5)))
            ]
            clinic.step_free = hours.choice((None, None, True, False))
            clinic.registrations = _registrations(registered)
            clinics.append(clinic)
            places.append(clinic)
        badges = [
            (
                body,
                rnd.choice(
                    [
                        None,
                        TODAY,
                        TODAY - timedelta(days=1),
                        TODAY + timedelta(days=rnd.randint(-60, 60)),
                    ]
                ),
                rnd.choice(["verified"] * 4 + ["pending", "expired", "rejected", "revoked"]),
                rnd.choice([None, True, False]),
            )
            for body in rnd.sample(BODIES, rnd.randint(0, 3))
        ]
        add_practitioner(
            f"{rnd.choice(FIRST)} {rnd.choice(LAST)}",
            list(dict.fromkeys(places)),
            rnd.sample(TREATMENTS, rnd.randint(1, 4)),
            badges,
            slug=f"gen-{n}",
            state=rnd.choice(["published"] * 17 + ["draft", "draft", "suspended"]),
            profession=rnd.choice(PROFESSIONS),
            bio=" ".join(rnd.sample(BIO, 3)),
        )
    for p in db.session.scalars(db.select(Practitioner).where(Practitioner.slug.like("gen-%"))):
        p.languages = hours.sample(LANGUAGES, hours.choice((0, 0, 1, 2)))
        for offer in p.offers:
            offer.price_from_pence = hours.choice((None, 9_900, 15_000, 20_000, 25_050))
    # Home visits from their own sequence too: about one in five travel, a few from a
    # base that did not geocode (so they do not count as travelling).
    travel = random.Random(seed + 2_000)
    for p in db.session.scalars(
        db.select(Practitioner).where(Practitioner.slug.like("gen-%")).order_by(Practitioner.id)
    ):
        if travel.random() < 0.2:
            base = offset(travel.choice(CENTRES), travel.uniform(0, 30), travel.uniform(0, 360))
            p.travel_postcode = "LS1 4AP"
            p.travel_miles = travel.choice(TRAVEL_MILES)
            if travel.random() < 0.9:
                p.travel_latitude, p.travel_longitude = base
    db.session.commit()


def _registrations(rnd: random.Random) -> list[ClinicRegistration]:
    """None for most clinics; else a regulator registration or a licence (which never
    counts as "registered") in any state, dated around ``TODAY``."""
    if rnd.random() < 0.6:
        return []
    kind = rnd.choice(("regulator", "regulator", "regulator", "licence"))
    return [
        ClinicRegistration(
            kind=RegistrationKind(kind),
            regulator="cqc" if kind == "regulator" else None,
            authority=None if kind == "regulator" else "Leeds City Council",
            number=f"1-{rnd.randint(10**8, 10**9 - 1)}",
            status=ClaimStatus(
                rnd.choice(["verified"] * 3 + ["pending", "expired", "rejected", "revoked"])
            ),
            expires_on=rnd.choice(
                [
                    None,
                    TODAY,
                    TODAY - timedelta(days=1),
                    TODAY + timedelta(days=rnd.randint(-60, 60)),
                ]
            ),
        )
    ]


@dataclass
class Row:
    pid: int
    name: str
    profession: str
    clinics: list[tuple[int, float, float]] = field(default_factory=list)
    terms: set[str] = field(default_factory=set)
    treatments: set[str] = field(default_factory=set)
    bodies: set[str] = field(default_factory=set)
    regulated: bool = False
    weekends: bool = False
    step_free: bool = False
    registered: bool = False  # some clinic's care-regulator registration, checked, current
    languages: set[str] = field(default_factory=set)
    prices: dict[str, int | None] = field(default_factory=dict)
    checked: bool = False  # some current credential
    profession_checked: bool = False  # a current registration with its own regulator
    prescriber: bool = False
    travel: tuple[float, float, int] | None = None  # base and miles, when they travel


class Scan:
    """The published practitioners as plain rows, and the rules applied to them."""

    def __init__(self) -> None:
        self.vocabulary = {
            t.slug: set(analysis.terms(" ".join([t.name, t.slug.replace("-", " "), *t.synonyms])))
            for t in db.session.scalars(db.select(Treatment))
        }
        self.rows: list[Row] = []
        query = db.select(Practitioner).where(Practitioner.state == PublicationState.PUBLISHED)
        for p in db.session.scalars(query):
            row = Row(p.id, p.display_name, p.profession.value)
            text = [p.title, p.display_name, p.bio]
            for c in p.clinics:
                text += [c.name, c.town, c.postcode.split(" ")[0]]
                if c.latitude is not None and c.longitude is not None:
                    row.clinics.append((c.id, c.latitude, c.longitude))
            row.terms = set(analysis.terms(" ".join(text)))
            row.treatments = {o.treatment.slug for o in p.offers}
            current = [
                c
                for c in p.claims
                if c.status is ClaimStatus.VERIFIED
                and (c.expires_on is None or c.expires_on >= TODAY)
            ]
            row.bodies = {c.body.slug for c in current}
            row.regulated = any(c.body.kind.value == "regulator" for c in current)
            row.weekends = any(h.weekday >= 5 for c in p.clinics for h in c.hours)
            row.step_free = any(c.step_free is True for c in p.clinics)
            row.registered = any(
                r.kind.value == "regulator"
                and r.status is ClaimStatus.VERIFIED
                and (r.expires_on is None or r.expires_on >= TODAY)
                for c in p.clinics
                for r in c.registrations
            )
            row.languages = set(p.languages)
            row.prices = {o.treatment.slug: o.price_from_pence for o in p.offers}
            if None not in (p.travel_latitude, p.travel_longitude, p.travel_miles):
                row.travel = (p.travel_latitude, p.travel_longitude, p.travel_miles)
            # The rules in plain words: any current credential makes someone checked; a
            # current registration with the regulator of their profession checks the
            # profession; a GMC registration, or a regulator's entry the admin saw an
            # independent-prescriber annotation on, makes a prescriber.
            row.checked = bool(current)
            row.profession_checked = any(
                c.body.kind.value == "regulator" and row.profession in c.body.professions
                for c in current
            )
            row.prescriber = any(
                (c.body.slug == "gmc" and c.prescriber is not False)
                or (
                    c.body.kind.value == "regulator"
                    and c.body.slug != "gmc"
                    and c.prescriber is True
                )
                for c in current
            )
            self.rows.append(row)

    def words(self) -> list[str]:
        """Words some published practitioner matches, to build queries from."""
        found = {w for r in self.rows for w in analysis.words(r.name)}
        return sorted(found | set(TOWNS[:3]) | {"meso", "botox", "profhilo", "glow", "natural"})

    def text_ok(self, row: Row, text: str | None) -> bool:
        for term in _query_terms(text or ""):
            named = any(term in self.vocabulary[t] for t in row.treatments)
            if term not in row.terms and not named:
                return False
        return True

    def passes(
        self, row: Row, q: search.SearchQuery, skip: str | None = None, gate: bool = True
    ) -> bool:
        """Text and every filter except the one named ``skip``; with ``gate``, also
        "checked only" when the query asks for it."""
        if gate and q.checked != "any" and not row.checked:
            return False
        if not self.text_ok(row, q.text):
            return False
        if q.prescriber and not row.prescriber:
            return False
        if q.treatment and skip != "treatment" and q.treatment not in row.treatments:
            return False
        if q.bodies and skip != "accreditation" and not set(q.bodies) & row.bodies:
            return False  # any of the chosen bodies
        if q.mobile and skip != "mobile" and not self.mobile(row, q):
            return False
        if q.weekends and skip != "weekends" and not row.weekends:
            return False
        if q.step_free and skip != "step_free" and not row.step_free:
            return False
        if q.registered and skip != "registered" and not row.registered:
            return False
        if q.language and skip != "language" and q.language not in row.languages:
            return False
        if q.treatment and q.max_price_pence is not None and skip != "treatment":
            price = row.prices.get(q.treatment)
            if price is None or price > q.max_price_pence:
                return False
        if q.profession and skip != "profession":
            if q.profession == "regulated":
                return row.regulated
            return row.profession == q.profession and row.profession_checked
        return True

    def mobile(self, row: Row, q: search.SearchQuery) -> bool:
        """Offers home visits; with a point, to that point."""
        if row.travel is None:
            return False
        return not q.has_point or comes_to(row, q.lat, q.lon)  # type: ignore[arg-type]


@functools.lru_cache(maxsize=1024)
def _query_terms(text: str) -> tuple[str, ...]:
    """The stemmed words of a query's text (the same for every row it is checked on)."""
    return tuple(analysis.stem(word) for word in analysis.query_words(text))


def comes_to(row: Row, lat: float, lon: float) -> bool:
    """The rule in plain words: the point lies within the miles they travel from base."""
    return row.travel is not None and haversine_miles(lat, lon, *row.travel[:2]) <= row.travel[2]


def nearest(row: Row, lat: float, lon: float) -> tuple[float, int] | None:
    """(haversine term, clinic id) of the row's nearest clinic, computed exactly as
    ``haversine_miles`` does; ties go to the lower clinic id."""
    best = None
    p1 = math.radians(lat)
    for cid, clat, clon in row.clinics:
        p2 = math.radians(clat)
        h = (
            math.sin((p2 - p1) / 2) ** 2
            + math.cos(p1) * math.cos(p2) * math.sin(math.radians(clon - lon) / 2) ** 2
        )
        if best is None or (h, cid) < best:
            best = (h, cid)
    return best


def miles(h: float) -> float:
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))
