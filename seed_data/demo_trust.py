"""The demo data's trust mix: most published listings checked, some prescribers, some
renewals waiting, a few unchecked.

``generate_demo.py`` calls ``apply`` on what it generates; run this file to apply the
same mix to an existing ``demo_practitioners.json`` (it does nothing to a file that has
it already). Deterministic: the same file and seed give the same result.

  python seed_data/demo_trust.py [--file seed_data/demo_practitioners.json]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_file import rewrite  # noqa: E402

from directory.models.statutory_regulators import PRESCRIBER_ANNOTATED  # noqa: E402

SEED = 12
# The regulator each demo profession registers with (the demo has no PSNI or HCPC).
REGULATOR = {"doctor": "gmc", "nurse": "nmc", "dentist": "gdc", "pharmacist": "gphc"}
LEFT_UNCHECKED = 0.06  # of regulated published listings: their registration waits
PRESCRIBER_SHARE = 0.4  # of checked nurses and pharmacists
RENEWALS = 8
CONDITIONS = (
    "Demo: the register lists an undertaking not to practise without supervision "
    "until a course is completed.",
    "Demo: the register lists a warning about record keeping, in force for two years.",
)


def _verified(number: str, body: str, rng: random.Random) -> dict[str, Any]:
    decided = rng.randint(5, 300)
    return {
        "body": body,
        "number": number,
        "status": "verified",
        "reason": None,
        "decided_days_ago": decided,
        "submitted_days_ago": decided + rng.randint(1, 10),
        "expires_in_days": 365 - decided,
    }


def apply(data: dict[str, Any], seed: int = SEED) -> dict[str, Any]:
    """Give ``data`` (the demo document) the trust mix, in place; returns it."""
    if data.get("trust_mix"):
        return data
    rng = random.Random(seed)
    published = [p for p in data["practitioners"] if p["state"] == "published"]
    for p in published:
        regulator = REGULATOR.get(p["profession"])
        if regulator is None:
            continue
        claims = p["credentials"]
        found = next((c for c in claims if c["body"] == regulator), None)
        if rng.random() < LEFT_UNCHECKED:  # registered lately: the check is still to do
            if found is not None:
                found.update(
                    status="pending",
                    submitted_days_ago=rng.randint(0, 5),
                    decided_days_ago=None,
                    expires_in_days=None,
                    reason=None,
                )
            continue
        if found is None or found["status"] != "verified" or found["expires_in_days"] < 0:
            fresh = _verified(p["registration_number"], regulator, rng)
            if found is None:
                claims.insert(0, fresh)
            else:
                found.clear()
                found.update(fresh)
    for p in data["practitioners"]:
        for claim in p["credentials"]:
            if claim["status"] != "verified":
                continue
            claim["register_note"] = "Demo: entry current and the name matches."
            if claim["body"] in PRESCRIBER_ANNOTATED:
                claim["prescriber"] = rng.random() < PRESCRIBER_SHARE
    with_conditions = [
        p
        for p in published
        if any(
            c["status"] == "verified" and c["body"] in REGULATOR.values() for c in p["credentials"]
        )
    ]
    for p, text in zip(rng.sample(with_conditions, len(CONDITIONS)), CONDITIONS, strict=True):
        claim = next(c for c in p["credentials"] if c["body"] in REGULATOR.values())
        claim["register_conditions"] = text
    soon = [
        (p, i)
        for p in published
        for i, c in enumerate(p["credentials"])
        if c["status"] == "verified" and 0 <= c["expires_in_days"] <= 60
    ]
    for p, index in rng.sample(soon, min(RENEWALS, len(soon))):
        old = p["credentials"][index]
        p["credentials"].append(
            {
                "body": old["body"],
                "number": old["number"],
                "status": "pending",
                "submitted_days_ago": rng.randint(0, 6),
                "decided_days_ago": None,
                "expires_in_days": None,
                "reason": None,
                "renews": index,
            }
        )
    data["trust_mix"] = seed
    return data


def main() -> int:
    return rewrite(apply, __doc__.splitlines()[0], "the trust mix")


if __name__ == "__main__":
    raise SystemExit(main())
