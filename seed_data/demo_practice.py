"""The demo data's practical details (issue 16): opening hours, access, care-regulator
registrations, home visits, languages, consultation fees and which listings get a
generated placeholder photo.

``generate_demo.py`` calls ``apply`` on what it generates; run this file to add the
same details to an existing ``demo_practitioners.json`` (a file that has them already
is left alone). Deterministic: its own random stream, so nothing else in the file moves.

  python seed_data/demo_practice.py [--file seed_data/demo_practitioners.json]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from demo_file import rewrite  # noqa: E402
from demo_stations import LONDON, TOWNS  # noqa: E402

from directory.geo.nations import nation_of  # noqa: E402

SEED = 16
GEO_DIR = HERE / "geo"

# A week is {weekday: [opens, closes] or "appointment"}; Monday is 0.
WEEKDAYS = range(5)
HOURS_PATTERNS: tuple[tuple[str, float], ...] = (
    ("weekdays", 0.30),
    ("late-thursday", 0.12),
    ("saturday-morning", 0.25),
    ("by-appointment", 0.13),
    ("part-time", 0.10),
    ("seven-days", 0.10),
)
STEP_FREE = (("yes", 0.55), ("no", 0.25), ("unsaid", 0.20))
PARKING = (
    "Free parking for patients behind the clinic",
    "Pay and display car park a two-minute walk away",
    "On-street parking nearby, pay by phone",
    "No parking at the clinic; the nearest public car park is a short walk",
    "Two parking spaces at the front, one of them a disabled bay",
    "Free customer car park shared with the shops next door",
)
STATION_SHARE = 0.8  # of clinics in a town we know stations for
REGISTERED_SHARE = 0.35  # of clinics whose first practitioner is published
PENDING_SHARE = 0.25  # of those registrations: waiting in the admin queue
MOBILE_SHARE = 0.12  # of published practitioners
LANGUAGE_SHARE = 0.3
# Besides English, roughly by how many people in the UK speak each.
LANGUAGE_WEIGHTS = (
    ("pl", 8),
    ("ro", 5),
    ("pa", 4),
    ("ur", 4),
    ("pt", 3),
    ("es", 3),
    ("ar", 3),
    ("bn", 2),
    ("gu", 2),
    ("it", 2),
    ("fr", 3),
    ("lt", 1),
    ("cmn", 1),
    ("yue", 1),
    ("tr", 1),
    ("ta", 1),
    ("ru", 1),
    ("de", 1),
    ("el", 1),
    ("fa", 1),
    ("hi", 2),
    ("bfi", 1),
)
NATION_LANGUAGE = {"WLS": ("cy", 0.35), "SCT": ("gd", 0.04), "NIR": ("ga", 0.08)}
CONSULTATION = (("free", 0.45), ("deducted", 0.25), ("charged", 0.15), ("unsaid", 0.15))
PROFILE_PHOTO_SHARE = 0.3  # of published practitioners
CLINIC_PHOTO_SHARE = 0.22  # of clinics whose first practitioner is published


def _weighted(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([o for o, _ in options], [w for _, w in options])[0]


def week(rng: random.Random) -> dict[str, Any]:
    """One clinic's week, by a pattern: days as strings for JSON's sake."""
    pattern = _weighted(rng, HOURS_PATTERNS)
    start = rng.choice(("9:00", "9:30", "10:00"))
    end = rng.choice(("17:00", "17:30", "18:00"))
    days: dict[int, Any] = {}
    if pattern in ("weekdays", "late-thursday"):
        days = {d: [start, end] for d in WEEKDAYS}
        if pattern == "late-thursday":
            days[3] = [start, "20:00"]
    elif pattern == "saturday-morning":
        days = {d: [start, end] for d in range(1, 5)}
        days[5] = ["9:00", rng.choice(("12:30", "13:00"))]
    elif pattern == "by-appointment":
        days = {d: "appointment" for d in rng.sample(range(6), rng.randint(2, 4))}
    elif pattern == "part-time":
        days = {d: ["10:00", "19:00"] for d in rng.sample(WEEKDAYS, 2)}
        days[5] = "appointment"
    else:
        days = {d: ["10:00", "19:00"] for d in WEEKDAYS}
        days.update({5: ["10:00", "16:00"], 6: "appointment"})
    return {str(d): days[d] for d in sorted(days)}


def access(rng: random.Random, clinic: dict[str, Any]) -> dict[str, Any]:
    said = _weighted(rng, STEP_FREE)
    step_free = {"yes": True, "no": False, "unsaid": None}[said]
    toilet = None
    if step_free:
        toilet = rng.random() < 0.6
    elif step_free is False and rng.random() < 0.5:
        toilet = False
    stations = (
        LONDON.get(clinic["address_line2"], ())
        if clinic["town"] == "London"
        else TOWNS.get(clinic["town"], ())
    )
    station = rng.choice(stations) if stations and rng.random() < STATION_SHARE else ""
    return {
        "step_free": step_free,
        "accessible_toilet": toilet,
        "parking": rng.choice(PARKING) if rng.random() < 0.75 else "",
        "nearest_station": station,
    }


def registration(rng: random.Random, nation: str, serial: int) -> dict[str, Any]:
    """A care-regulator registration: its number is made up (CQC location ids padded
    with zeros, which real ones never are; the other regulators' marked DEMO)."""
    number = (
        f"1-{serial:09d}"
        if nation == "ENG"
        else f"DEMO-{ {'SCT': 'HIS', 'WLS': 'HIW', 'NIR': 'RQIA'}[nation] }-{serial:04d}"
    )
    if rng.random() < PENDING_SHARE:
        return {"number": number, "status": "pending", "submitted_days_ago": rng.randint(0, 20)}
    decided = rng.randint(5, 330)
    return {
        "number": number,
        "status": "verified",
        "decided_days_ago": decided,
        "submitted_days_ago": decided + rng.randint(1, 10),
        "expires_in_days": 365 - decided,
    }


def consultation(rng: random.Random) -> tuple[str | None, int | None]:
    kind = _weighted(rng, CONSULTATION)
    if kind == "free":
        return "free", None
    if kind == "deducted":
        return "deducted", rng.choice((2500, 3000, 5000))
    if kind == "charged":
        return "charged", rng.choice((3000, 4000, 5000, 7500))
    return None, None


def languages(rng: random.Random, nation: str | None) -> list[str]:
    chosen: set[str] = set()
    local = NATION_LANGUAGE.get(nation or "")
    if local and rng.random() < local[1]:
        chosen.add(local[0])
    if rng.random() < LANGUAGE_SHARE:
        codes = [c for c, _ in LANGUAGE_WEIGHTS]
        weights = [w for _, w in LANGUAGE_WEIGHTS]
        chosen.update(rng.choices(codes, weights, k=rng.choice((1, 1, 2))))
    return sorted(chosen)


def apply(data: dict[str, Any], seed: int = SEED) -> dict[str, Any]:
    """Give ``data`` (the demo document) the practical details, in place; returns it."""
    if data.get("practice_mix"):
        return data
    rng = random.Random(seed)
    clinics = {c["key"]: c for c in data["clinics"]}
    first: dict[str, dict[str, Any]] = {}
    for p in data["practitioners"]:
        for key in p["clinic_keys"]:
            first.setdefault(key, p)
    serial = 0
    for clinic in data["clinics"]:
        clinic["hours"] = week(rng)
        clinic.update(access(rng, clinic))
        shown = first.get(clinic["key"], {}).get("state") == "published"
        nation = nation_of(clinic["postcode"], GEO_DIR)
        if shown and nation and rng.random() < REGISTERED_SHARE:
            serial += 1
            clinic["registration"] = registration(rng, nation, 1000 + serial * 37)
        clinic["photos"] = rng.randint(1, 2) if shown and rng.random() < CLINIC_PHOTO_SHARE else 0
    for p in data["practitioners"]:
        home = clinics[p["clinic_keys"][0]]["postcode"]
        p["languages"] = languages(rng, nation_of(home, GEO_DIR))
        p["consultation"], p["consultation_fee_pence"] = consultation(rng)
        published = p["state"] == "published"
        # Only the district of the first clinic: a base is often a home.
        mobile = published and rng.random() < MOBILE_SHARE and not home.startswith("BT")
        p["travel_postcode"] = home.split(" ")[0] if mobile else None
        p["travel_miles"] = rng.choice((5, 10, 15, 20, 25, 30)) if mobile else None
        p["photo"] = published and rng.random() < PROFILE_PHOTO_SHARE
    data["practice_mix"] = seed
    return data


def main() -> int:
    return rewrite(apply, __doc__.splitlines()[0], "the practical details")


if __name__ == "__main__":
    raise SystemExit(main())
