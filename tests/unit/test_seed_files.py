"""The seed files are well formed and consistent with each other (no app, no database)."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

SEED_DIR = Path(__file__).resolve().parents[2] / "seed_data"

TREATMENT_KEYS = {
    "slug",
    "name",
    "category",
    "synonyms",
    "summary",
    "description",
    "price_min_gbp",
    "price_max_gbp",
    "session_length",
    "course",
    "downtime",
    "side_effects",
    "not_suitable_for",
    "credentials_to_look_for",
    "prescription_only",
}
CATEGORIES = {"mesotherapy", "injectables", "skin", "devices"}
BODY_SLUGS = {"jccp", "smuk", "save-face", "gmc", "nmc", "gdc", "gphc", "hcpc", "psni"}
REGULATORS = {
    "gmc": "doctor",
    "nmc": "nurse",
    "gdc": "dentist",
    "gphc": "pharmacist",
    "hcpc": "allied_health",
    "psni": "pharmacist",
}
STATUSES = {"pending", "verified", "rejected", "expired", "revoked"}
KEBAB = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# A UK unit postcode in its usual written form: outward code, one space, inward code.
UNIT_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}")
DRAMA_PHONE = re.compile(
    r"(0113|0114|0115|0116|0117|0118|0121|0131|0141|0151|0161) 496 0\d{3}"
    r"|0191 498 0\d{3}|020 7946 0\d{3}|029 2018 0\d{3}|01632 960\d{3}|07700 900\d{3}"
)


@cache
def treatments() -> list[dict[str, Any]]:
    return yaml.safe_load((SEED_DIR / "treatments.yaml").read_text(encoding="utf-8"))


@cache
def bodies() -> list[dict[str, Any]]:
    return yaml.safe_load((SEED_DIR / "bodies.yaml").read_text(encoding="utf-8"))


@cache
def demo() -> dict[str, Any]:
    return json.loads((SEED_DIR / "demo_practitioners.json").read_text(encoding="utf-8"))


def body_patterns() -> dict[str, re.Pattern[str]]:
    return {b["slug"]: re.compile(b["number_pattern"]) for b in bodies()}


def credentials() -> list[dict[str, Any]]:
    return [c for p in demo()["practitioners"] for c in p["credentials"]]


# --- Treatments --------------------------------------------------------------------------


def test_there_are_enough_treatments_with_unique_kebab_slugs() -> None:
    slugs = [t["slug"] for t in treatments()]
    assert len(slugs) >= 15
    assert len(slugs) == len(set(slugs))
    assert all(KEBAB.fullmatch(s) for s in slugs)
    assert "mesotherapy" in slugs


@pytest.mark.parametrize("row", treatments(), ids=lambda row: row["slug"])
def test_treatment_row_is_complete(row: dict[str, Any]) -> None:
    assert set(row) == TREATMENT_KEYS
    assert row["category"] in CATEGORIES
    for key in TREATMENT_KEYS - {"synonyms", "price_min_gbp", "price_max_gbp", "prescription_only"}:
        assert isinstance(row[key], str) and row[key].strip(), key
    assert isinstance(row["prescription_only"], bool)
    low, high = row["price_min_gbp"], row["price_max_gbp"]
    assert isinstance(low, int) and isinstance(high, int)
    assert 0 < low <= high


@pytest.mark.parametrize("row", treatments(), ids=lambda row: row["slug"])
def test_synonyms_are_lowercase_non_empty_and_not_repeated(row: dict[str, Any]) -> None:
    synonyms = row["synonyms"]
    assert isinstance(synonyms, list) and synonyms
    for word in synonyms:
        assert isinstance(word, str) and word.strip() == word and word
        assert word == word.lower()
    assert len(synonyms) == len(set(synonyms))


def test_everyday_search_words_are_covered() -> None:
    words = {w for t in treatments() for w in t["synonyms"]}
    for word in ("meso", "skin booster", "botox", "hair loss", "cellulite", "glow", "under-eye"):
        assert word in words, word


def test_toxin_treatments_are_prescription_only() -> None:
    by_slug = {t["slug"]: t for t in treatments()}
    assert by_slug["anti-wrinkle-injections"]["prescription_only"] is True
    assert by_slug["mesotox"]["prescription_only"] is True
    assert by_slug["mesotherapy"]["prescription_only"] is False


# --- Bodies ------------------------------------------------------------------------------


def test_the_nine_bodies_are_there_once_each() -> None:
    slugs = [b["slug"] for b in bodies()]
    assert sorted(slugs) == sorted(BODY_SLUGS)


@pytest.mark.parametrize("body", bodies(), ids=lambda body: body["slug"])
def test_body_number_pattern_compiles_and_accepts_its_own_example(body: dict[str, Any]) -> None:
    pattern = re.compile(body["number_pattern"])
    example = str(body["number_example"])
    assert pattern.fullmatch(example.upper()), example
    assert not pattern.fullmatch(""), "an empty number must never be valid"
    for key in ("name", "short_name", "number_label", "number_note", "description", "how_we_check"):
        assert isinstance(body[key], str) and body[key].strip(), key
    assert body["kind"] in {"register", "membership", "regulator"}
    assert body["renewal_months"] in (12, 24)  # the HCPC renews every two years
    for key in ("website", "register_url"):
        assert body[key] == "" or body[key].startswith("https://"), key


def test_the_regulators_in_the_file_are_the_ones_the_code_knows() -> None:
    from directory.models.statutory_regulators import REGULATORS as KNOWN

    assert {b["slug"] for b in bodies() if b["kind"] == "regulator"} == set(KNOWN)


def test_regulators_name_their_profession_and_others_none() -> None:
    for body in bodies():
        if body["slug"] in REGULATORS:
            assert body["kind"] == "regulator"
            assert body["professions"] == [REGULATORS[body["slug"]]]
        else:
            assert body["kind"] != "regulator"
            assert body["professions"] == []


def test_regulator_patterns_match_the_published_formats() -> None:
    patterns = body_patterns()
    assert patterns["gmc"].fullmatch("1234567") and not patterns["gmc"].fullmatch("123456")
    assert patterns["nmc"].fullmatch("12A3456E") and not patterns["nmc"].fullmatch("12A3456")
    assert patterns["gdc"].fullmatch("81234") and not patterns["gdc"].fullmatch("1234567")
    assert patterns["gphc"].fullmatch("2012345") and not patterns["gphc"].fullmatch("20123456")


# --- Demo practitioners --------------------------------------------------------------------


def test_demo_file_is_labelled_and_large_enough() -> None:
    data = demo()
    assert "Fictional" in data["about"] and "generate_demo.py" in data["about"]
    assert isinstance(data["seed"], int)
    assert len(data["practitioners"]) >= 300


def test_demo_practitioners_are_marked_and_unique() -> None:
    slugs = [p["slug"] for p in demo()["practitioners"]]
    assert len(slugs) == len(set(slugs))
    assert all(s.startswith("demo-") and KEBAB.fullmatch(s) for s in slugs)
    assert all(p["bio"].startswith("Demo profile") for p in demo()["practitioners"])


def test_regulator_and_number_agree_with_the_profession() -> None:
    patterns = body_patterns()
    for p in demo()["practitioners"]:
        regulator = p["regulator"]
        if p["profession"] == "other":
            assert regulator is None and p["registration_number"] is None, p["slug"]
            continue
        assert REGULATORS[regulator] == p["profession"], p["slug"]
        assert patterns[regulator].fullmatch(p["registration_number"]), p["slug"]


def test_unregulated_practitioners_offer_no_injectables_or_prescription_medicines() -> None:
    by_slug = {t["slug"]: t for t in treatments()}
    for p in demo()["practitioners"]:
        if p["profession"] != "other":
            continue
        for offer in p["treatments"]:
            treatment = by_slug[offer["slug"]]
            assert not treatment["prescription_only"], (p["slug"], offer["slug"])
            assert treatment["category"] != "injectables", (p["slug"], offer["slug"])


def test_every_reference_resolves() -> None:
    clinic_keys = {c["key"] for c in demo()["clinics"]}
    treatment_slugs = {t["slug"] for t in treatments()}
    for p in demo()["practitioners"]:
        assert 1 <= len(p["clinic_keys"]) <= 3, p["slug"]
        assert set(p["clinic_keys"]) <= clinic_keys, p["slug"]
        assert len(set(p["clinic_keys"])) == len(p["clinic_keys"]), p["slug"]
        offered = [t["slug"] for t in p["treatments"]]
        assert 2 <= len(offered) <= 6 and len(set(offered)) == len(offered), p["slug"]
        assert set(offered) <= treatment_slugs, p["slug"]
        assert {c["body"] for c in p["credentials"]} <= BODY_SLUGS, p["slug"]
    used = {key for p in demo()["practitioners"] for key in p["clinic_keys"]}
    assert used == clinic_keys, "every clinic belongs to someone"


def test_some_clinics_are_shared() -> None:
    counts = Counter(key for p in demo()["practitioners"] for key in p["clinic_keys"])
    shared = sum(1 for n in counts.values() if n > 1)
    assert 0.10 <= shared / len(demo()["clinics"]) <= 0.20


def test_prices_are_whole_pounds_in_steps_of_five_near_the_typical_range() -> None:
    ranges = {t["slug"]: (t["price_min_gbp"], t["price_max_gbp"]) for t in treatments()}
    for p in demo()["practitioners"]:
        for offer in p["treatments"]:
            pence = offer["price_from_pence"]
            low, high = ranges[offer["slug"]]
            assert isinstance(pence, int) and pence % 500 == 0, (p["slug"], offer)
            assert low * 100 * 0.8 <= pence <= high * 100, (p["slug"], offer)


def test_mesotherapy_is_common() -> None:
    meso = {t["slug"] for t in treatments() if t["category"] == "mesotherapy"}
    practitioners = demo()["practitioners"]
    offering = [p for p in practitioners if meso & {t["slug"] for t in p["treatments"]}]
    assert len(offering) >= 0.4 * len(practitioners)


def test_clinics_have_unit_postcodes_and_enough_towns() -> None:
    clinics = demo()["clinics"]
    keys = [c["key"] for c in clinics]
    assert len(keys) == len(set(keys))
    for clinic in clinics:
        assert UNIT_POSTCODE.fullmatch(clinic["postcode"]), clinic
        assert clinic["name"] and clinic["address_line1"] and clinic["town"], clinic
    towns = {c["town"] for c in clinics}
    assert len(towns) >= 100
    for town in (
        "London",
        "Leeds",
        "Harrogate",
        "St Albans",
        "Newport",
        "Edinburgh",
        "Cardiff",
        "Glasgow",
        "Bristol",
        "Brighton",
        "York",
    ):
        assert town in towns, town
    assert any(c["town"] == "Leeds" and c["postcode"].startswith("LS1 ") for c in clinics)
    # Northern Ireland too (its postcodes are listed in the generator: Code-Point has none).
    ni_towns = {c["town"] for c in clinics if c["postcode"].startswith("BT")}
    assert {"Belfast", "Londonderry", "Enniskillen"} <= ni_towns


def test_contact_details_are_reserved_for_fiction() -> None:
    for p in demo()["practitioners"]:
        assert DRAMA_PHONE.fullmatch(p["phone"]), p["phone"]
        for key in ("website", "booking_url"):
            url = p[key]
            assert url is None or re.fullmatch(r"https://[a-z0-9-]+\.example(/book)?", url), url


def test_publication_states_are_mixed() -> None:
    states = Counter(p["state"] for p in demo()["practitioners"])
    assert set(states) == {"published", "draft", "suspended"}
    assert states["published"] >= 0.8 * sum(states.values())


def test_credential_claims_are_consistent() -> None:
    patterns = body_patterns()
    for p in demo()["practitioners"]:
        # One claim per body, besides a renewal waiting beside the claim it renews.
        bodies_claimed = [c["body"] for c in p["credentials"] if c.get("renews") is None]
        assert len(bodies_claimed) == len(set(bodies_claimed)), p["slug"]
        for claim in p["credentials"]:
            if claim.get("renews") is not None:
                renewed = p["credentials"][claim["renews"]]
                assert (renewed["body"], renewed["status"]) == (claim["body"], "verified")
        for claim in p["credentials"]:
            assert claim["status"] in STATUSES
            assert patterns[claim["body"]].fullmatch(claim["number"]), claim
            if claim["body"] in REGULATORS:
                assert claim["body"] == p["regulator"], p["slug"]
                assert claim["number"] == p["registration_number"], p["slug"]
            submitted, decided = claim["submitted_days_ago"], claim["decided_days_ago"]
            assert isinstance(submitted, int) and submitted >= 0
            if claim["status"] == "pending":
                assert decided is None and claim["expires_in_days"] is None
            else:
                assert isinstance(decided, int) and 0 <= decided <= submitted, claim
            if claim["status"] in {"rejected", "revoked"}:
                assert claim["reason"], claim
            if claim["status"] == "verified":
                assert claim["expires_in_days"] > 0, claim
            if claim["status"] == "expired":
                assert claim["expires_in_days"] < 0, claim


def test_credential_statuses_give_admins_a_queue_and_show_every_outcome() -> None:
    statuses = Counter(c["status"] for c in credentials())
    assert set(statuses) == STATUSES
    assert statuses["pending"] >= 25
    assert statuses["verified"] > statuses["pending"]
    expiring_soon = [
        c for c in credentials() if c["status"] == "verified" and c["expires_in_days"] <= 30
    ]
    assert len(expiring_soon) >= 3


# --- Practical details (issue 16) --------------------------------------------------------

CARE_NUMBER = re.compile(r"1-0{4}\d{5}|DEMO-(HIS|HIW|RQIA)-\d{4}")
CLOCK = re.compile(r"([01]?\d|2[0-3]):[0-5]\d")


def _minutes(text: str) -> int:
    hour, minute = text.split(":")
    return int(hour) * 60 + int(minute)


def test_clinic_hours_and_access_are_well_formed() -> None:
    import sys

    sys.path.insert(0, str(SEED_DIR))
    from demo_stations import LONDON, TOWNS

    for clinic in demo()["clinics"]:
        assert clinic["hours"], clinic["key"]
        for day, value in clinic["hours"].items():
            assert 0 <= int(day) <= 6
            if value != "appointment":
                opens, closes = value
                assert CLOCK.fullmatch(opens) and CLOCK.fullmatch(closes)
                assert _minutes(opens) < _minutes(closes), clinic["key"]
        assert clinic["step_free"] in (True, False, None)
        assert clinic["accessible_toilet"] in (True, False, None)
        if clinic["accessible_toilet"]:
            assert clinic["step_free"], clinic["key"]
        if clinic["nearest_station"]:  # a real station of that town, never made up
            known = (
                LONDON.get(clinic["address_line2"], ())
                if clinic["town"] == "London"
                else TOWNS[clinic["town"]]
            )
            assert clinic["nearest_station"] in known, clinic["key"]
        assert clinic["photos"] in (0, 1, 2)


def test_clinic_registrations_have_demo_numbers() -> None:
    registrations = [c["registration"] for c in demo()["clinics"] if c.get("registration")]
    assert len(registrations) >= 50
    numbers = [r["number"] for r in registrations]
    assert len(set(numbers)) == len(numbers)
    for r in registrations:
        assert CARE_NUMBER.fullmatch(r["number"]), r
        if r["status"] == "verified":
            assert 0 < r["decided_days_ago"] < r["submitted_days_ago"]
            assert r["expires_in_days"] > 0
        else:
            assert r["status"] == "pending" and "decided_days_ago" not in r


def test_practitioner_practicalities_are_well_formed() -> None:
    from directory.services.languages import LANGUAGES

    for p in demo()["practitioners"]:
        assert set(p["languages"]) <= set(LANGUAGES) and p["languages"] == sorted(p["languages"])
        assert p["consultation"] in ("free", "deducted", "charged", None)
        assert (p["consultation_fee_pence"] is not None) == (
            p["consultation"] in ("deducted", "charged")
        )
        mobile = p["travel_postcode"] is not None
        assert mobile == (p["travel_miles"] is not None)
        if mobile or p["photo"]:
            assert p["state"] == "published", p["slug"]
        if mobile:  # only the district of a clinic it works at
            assert p["travel_postcode"] in {
                c["postcode"].split(" ")[0]
                for c in demo()["clinics"]
                if c["key"] in p["clinic_keys"]
            }
