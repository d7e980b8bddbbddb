"""A deterministic generator of realistic practitioners for the search benchmark.

Same ``seed`` and ``n``, same data, every run and every machine. Clinics sit at real
unit postcodes drawn uniformly from the offline postcode table (``seed_data/geo``):
postcodes are as dense as addresses, so this weights clinics to where people live.
Each clinic takes its town from the nearest gazetteer place of some size. A
practitioner has a name, a profession, one to three clinics (the extra ones near the
first, some shared with colleagues), two to six treatments (popular ones more
often), zero to three credentials in mixed states and expiry dates, and a short bio.

Usage from the benchmark: ``data = generate(n, seed, treatments, bodies)`` then
``insert(data, ...)``; ``python bench/gen_practitioners.py 1000`` prints a sample.
"""

from __future__ import annotations

import random
import sys
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from directory.geo.tables import geodata

VERSION = 2  # bump when the output changes, so cached benchmark databases are rebuilt

FIRST = (
    "Aisha Amelia Amir Anna Arjun Ben Beth Callum Chloe Chen Daniel Deepa Eilidh Ella "
    "Emily Ewan Fatima Freya George Grace Hannah Harriet Imran Isla Jack James Jasmine "
    "Kate Kiran Laura Leah Lewis Lucy Mei Mohammed Nadia Niamh Nina Oliver Olivia Omar "
    "Priya Rachel Rhys Rosie Ruth Sam Sara Sian Sofia Sophie Tom Yusuf Zara Zoe"
).split()
LAST = (
    "Ahmed Ali Anderson Bailey Baker Begum Brown Campbell Chan Clarke Cooper Davies Edwards "
    "Evans Fraser Green Hall Harris Hughes Hussain Jackson James Jones Kaur Khan Kelly Lee "
    "Lewis Lloyd Martin Mitchell Morgan Morris Murphy Murray O'Brien Owen Patel Phillips "
    "Price Reid Roberts Robinson Ross Scott Shah Singh Smith Stewart Taylor Thomas "
    "Thompson Walker Watson White Williams Wilson Wood Wright Young"
).split()
PROFESSIONS = (("nurse", 40), ("doctor", 25), ("dentist", 15), ("pharmacist", 10), ("other", 10))
# Rough shares of UK clinics offering each treatment (unlisted slugs get 1.5).
POPULARITY = {
    "anti-wrinkle-injections": 10,
    "dermal-fillers": 8,
    "skin-boosters": 6,
    "mesotherapy": 5,
    "chemical-peels": 4,
    "microneedling": 4,
    "prp": 3,
    "polynucleotides": 3,
    "fat-dissolving-injections": 3,
    "led-light-therapy": 2,
}
MOBILE_SHARE = 0.12  # practitioners offering home visits, from their first clinic's postcode
TRAVEL_MILES = ((5, 20), (10, 35), (15, 20), (25, 15), (50, 8), (100, 2))  # (miles, weight)
REGULATOR = {"doctor": "gmc", "nurse": "nmc", "dentist": "gdc", "pharmacist": "gphc"}
CLINIC_WORDS = (
    "Skin",
    "Aesthetics",
    "Clinic",
    "Medical",
    "Beauty",
    "Face",
    "Glow",
    "Derma",
    "Wellness",
    "Rejuvenation",
    "Laser",
    "Studio",
    "Cosmetic",
    "House",
    "Lounge",
)
BIO_OPENINGS = (
    "I am a {prof} with {years} years of experience in aesthetic medicine.",
    "{name} qualified as a {prof} in {year} and has specialised in non-surgical treatments since.",
    "After {years} years in the NHS I now run a small, friendly clinic in {town}.",
    "A registered {prof} offering natural-looking results from a calm, private room in {town}.",
)
BIO_MIDDLES = (
    "Most of my clients come to me for {t1}, and many return for {t2}.",
    "I offer {t1} and {t2}, always after a full consultation and medical history.",
    "Every treatment plan starts with an honest conversation about what {t1} can and cannot do.",
    "Clients travel from across the area for {t1}; I also offer {t2} for a fresher look.",
)
BIO_ENDINGS = (
    "I keep up to date with regular training and audit my results.",
    "Free consultations are available on weekday evenings and Saturday mornings.",
    "I only use licensed products and follow up every client two weeks after treatment.",
    "Aftercare advice is given in writing and I am always available for questions.",
    "",
)


@dataclass
class Generated:
    clinics: list[dict[str, object]] = field(default_factory=list)
    practitioners: list[dict[str, object]] = field(default_factory=list)
    links: list[tuple[int, int]] = field(default_factory=list)  # (practitioner, clinic) indexes
    offers: list[tuple[int, str, int]] = field(default_factory=list)  # (practitioner, slug, pence)
    claims: list[dict[str, object]] = field(default_factory=list)


def sample_postcodes(count: int, seed: int) -> list[tuple[str, float, float]]:
    """``count`` distinct unit postcodes, uniformly from the whole table, deterministic."""
    units = geodata().units
    total = len(units)
    rnd = random.Random(seed)
    chosen = set(rnd.sample(range(total), min(count, total)))
    picked = [u for i, u in enumerate(units.units()) if i in chosen]
    rnd.shuffle(picked)
    return picked


class TownFinder:
    """Nearest gazetteer place with at least ``min_population`` people, on a coarse grid."""

    def __init__(self, min_population: int = 3000) -> None:
        self.grid: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
        for place in geodata().places:
            if place.population >= min_population and place.nation != "NIR":
                key = (int(place.lat * 4), int(place.lon * 4))
                self.grid.setdefault(key, []).append((place.lat, place.lon, place.name))

    def nearest(self, lat: float, lon: float) -> str:
        cx, cy = int(lat * 4), int(lon * 4)
        for reach in range(1, 12):
            found = [
                p
                for dx in range(-reach, reach + 1)
                for dy in range(-reach, reach + 1)
                for p in self.grid.get((cx + dx, cy + dy), ())
            ]
            if found:
                return min(found, key=lambda p: (p[0] - lat) ** 2 + ((p[1] - lon) * 0.6) ** 2)[2]
        return "Unknown"


def _weighted(rnd: random.Random, items: list[str], weights: list[float], k: int) -> list[str]:
    """``k`` distinct items, each draw weighted."""
    cumulative, total, picked = [], 0.0, []
    for w in weights:
        total += w
        cumulative.append(total)
    while len(picked) < min(k, len(items)):
        item = items[bisect_left(cumulative, rnd.random() * total)]
        if item not in picked:
            picked.append(item)
    return picked


def generate(
    n: int, seed: int, treatments: dict[str, str], bodies: list[str], today: date | None = None
) -> Generated:
    """``n`` practitioners over ``treatments`` (slug -> name) and ``bodies`` (slugs);
    deterministic for a given ``seed``, ``n``, taxonomy and ``today``."""
    rnd = random.Random(seed * 1_000_003 + n)
    # Home visits draw from their own sequence, so everything else stays as it was.
    travel = random.Random(seed * 1_000_033 + n)
    today = today or date(2026, 11, 1)
    postcodes = sample_postcodes(int(n * 1.2) + 10, seed)
    towns = TownFinder()
    order = sorted(treatments)
    popularity = [POPULARITY.get(slug, 1.5) for slug in order]
    out = Generated()
    by_area: dict[str, list[int]] = {}
    same_area: dict[str, list[tuple[str, float, float]]] = {}
    for postcode in postcodes:
        same_area.setdefault(_area(postcode[0]), []).append(postcode)
    next_postcode = 0

    def new_clinic(postcode: tuple[str, float, float], surname: str) -> int:
        code, lat, lon = postcode
        town = towns.nearest(lat, lon)
        style = rnd.random()
        if style < 0.35:
            name = f"{town} {rnd.choice(CLINIC_WORDS)} {rnd.choice(CLINIC_WORDS)}"
        elif style < 0.65:
            name = f"{surname} {rnd.choice(CLINIC_WORDS)}"
        else:
            name = f"The {rnd.choice(CLINIC_WORDS)} {rnd.choice(CLINIC_WORDS)}"
        out.clinics.append(
            {
                "name": name,
                "town": town,
                "postcode": code,
                "latitude": lat,
                "longitude": lon,
                "address_line1": f"{rnd.randint(1, 250)} High Street",
            }
        )
        index = len(out.clinics) - 1
        by_area.setdefault(code.split(" ")[0], []).append(index)
        return index

    for p in range(n):
        first, last = rnd.choice(FIRST), rnd.choice(LAST)
        profession = _weighted(rnd, [x for x, _ in PROFESSIONS], [w for _, w in PROFESSIONS], 1)[0]
        title = "Dr" if profession in ("doctor", "dentist") or rnd.random() < 0.03 else ""
        home = postcodes[next_postcode % len(postcodes)]
        next_postcode += 1
        area = home[0].split(" ")[0]
        if by_area.get(area) and rnd.random() < 0.15:
            clinic_ids = [rnd.choice(by_area[area])]  # joins a colleague's clinic
        else:
            clinic_ids = [new_clinic(home, last)]
        for _ in range(rnd.choices((0, 1, 2), (70, 22, 8))[0]):
            # Another clinic in the same postcode area (a town or two away), at a real postcode.
            clinic_ids.append(new_clinic(rnd.choice(same_area[_area(home[0])]), last))
        offered = _weighted(rnd, order, popularity, rnd.randint(2, 6))
        town = out.clinics[clinic_ids[0]]["town"]
        state = rnd.choices(("published", "draft", "suspended"), (92, 5, 3))[0]
        named = [treatments[slug] for slug in offered]
        out.practitioners.append(
            {
                "slug": f"bench-{seed}-{p}",
                "display_name": f"{first} {last}",
                "title": title,
                "profession": profession,
                "state": state,
                "bio": _bio(rnd, first, profession, town, named),
                "travel_postcode": None,
                "travel_latitude": None,
                "travel_longitude": None,
                "travel_miles": None,
            }
        )
        if travel.random() < MOBILE_SHARE:
            base = out.clinics[clinic_ids[0]]
            out.practitioners[-1].update(
                travel_postcode=base["postcode"],
                travel_latitude=base["latitude"],
                travel_longitude=base["longitude"],
                travel_miles=travel.choices(
                    [m for m, _ in TRAVEL_MILES], [w for _, w in TRAVEL_MILES]
                )[0],
            )
        out.links.extend((p, c) for c in dict.fromkeys(clinic_ids))
        out.offers.extend((p, slug, rnd.randrange(80, 600) * 100) for slug in offered)
        for body in _bodies(rnd, profession, bodies):
            status = rnd.choices(("verified", "pending", "expired", "rejected"), (70, 15, 10, 5))[0]
            expires = None
            if status != "pending":
                expires = today + timedelta(days=rnd.randint(-200, 700))
            out.claims.append(
                {
                    "practitioner": p,
                    "body": body,
                    "status": status,
                    "expires_on": expires,
                    "number": f"{rnd.randrange(10**6, 10**7)}",
                }
            )
    return out


def _area(postcode: str) -> str:
    return postcode[:2] if postcode[1].isalpha() else postcode[:1]


def _bodies(rnd: random.Random, profession: str, bodies: list[str]) -> list[str]:
    count = rnd.choices((0, 1, 2, 3), (25, 40, 25, 10))[0]
    pool = [b for b in bodies if b not in REGULATOR.values()]
    regulator = REGULATOR.get(profession)
    chosen = [regulator] if regulator in bodies else []
    rnd.shuffle(pool)
    return (chosen + pool)[:count]


def _bio(rnd: random.Random, first: str, profession: str, town: object, offered: list[str]) -> str:
    words = {
        "prof": profession,
        "years": rnd.randint(2, 25),
        "year": rnd.randint(1995, 2022),
        "name": first,
        "town": town,
        "t1": offered[0].lower(),
        "t2": offered[-1].lower(),
    }
    parts = (rnd.choice(BIO_OPENINGS), rnd.choice(BIO_MIDDLES), rnd.choice(BIO_ENDINGS))
    return " ".join(p.format(**words) for p in parts if p)


def insert(data: Generated, treatment_ids: dict[str, int], body_ids: dict[str, int]) -> None:
    """Bulk-insert ``data`` into empty tables with Core inserts; commits. Practitioner
    and clinic ids are their list positions + 1."""
    from directory.extensions import db
    from directory.models import (
        Clinic,
        CredentialClaim,
        Practitioner,
        TreatmentOffer,
        practitioner_clinics,
    )

    stamp = datetime.now(UTC)
    session = db.session
    session.execute(
        db.insert(Clinic),
        [
            {"id": i + 1, "precision": "unit", "created_at": stamp, "updated_at": stamp, **c}
            for i, c in enumerate(data.clinics)
        ],
    )
    session.execute(
        db.insert(Practitioner),
        [
            {"id": i + 1, "is_demo": False, "created_at": stamp, "updated_at": stamp, **p}
            for i, p in enumerate(data.practitioners)
        ],
    )
    session.execute(
        db.insert(practitioner_clinics),
        [{"practitioner_id": p + 1, "clinic_id": c + 1} for p, c in data.links],
    )
    session.execute(
        db.insert(TreatmentOffer),
        [
            {
                "practitioner_id": p + 1,
                "treatment_id": treatment_ids[slug],
                "price_from_pence": pence,
                "notes": "",
            }
            for p, slug, pence in data.offers
        ],
    )
    session.execute(
        db.insert(CredentialClaim),
        [
            {
                "practitioner_id": c["practitioner"] + 1,
                "body_id": body_ids[c["body"]],  # type: ignore[index]
                "number": c["number"],
                "status": c["status"],
                "expires_on": c["expires_on"],
                "submitted_at": stamp,
                "decided_at": stamp if c["status"] != "pending" else None,
            }
            for c in data.claims
        ],
    )
    session.commit()


if __name__ == "__main__":
    sample = generate(
        int(sys.argv[1]) if len(sys.argv) > 1 else 20,
        7,
        {
            "mesotherapy": "Mesotherapy",
            "anti-wrinkle-injections": "Anti-wrinkle injections",
            "dermal-fillers": "Dermal fillers",
            "skin-boosters": "Skin boosters",
        },
        ["jccp", "smuk", "save-face", "gmc", "nmc", "gdc", "gphc"],
    )
    for row in sample.practitioners[:5]:
        print(row)
    print(sample.clinics[:3])
    print(len(sample.practitioners), "practitioners,", len(sample.clinics), "clinics")
