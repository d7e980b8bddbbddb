"""Place-name keys and the rule that picks a winner or asks "did you mean ...?"."""

from __future__ import annotations

import pytest

from directory.geo.places import Gazetteer, Place, choose, place_key


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("St Albans", "st albans"),
        ("St. Albans", "st albans"),
        ("Saint Albans", "st albans"),
        ("ST ALBANS", "st albans"),
        ("  st   albans ", "st albans"),
        ("King's Lynn", "kings lynn"),
        ("Kings Lynn", "kings lynn"),
        ("Bo\u2019ness", "boness"),
        ("Stoke-on-Trent", "stoke on trent"),
        ("Ynys M\u00f4n", "ynys mon"),
        ("", ""),
    ],
)
def test_place_key(typed: str, key: str) -> None:
    assert place_key(typed) == key


def place(
    name: str, population: int, nation: str = "ENG", district: str = "AB1", near: str = "Bigtown"
) -> Place:
    return Place(name, 52.0, -1.0, population, nation, district, near)


@pytest.mark.parametrize(
    ("populations", "winner"),
    [
        ((161_506, 24_884, 12_741), 0),  # Newport: over five times the next
        ((50_000, 10_001), None),  # big, but not five times bigger
        ((1_461, 0), None),  # Woodford: a village against an unknown is no contest
        ((10_000, 2_000), 0),  # exactly at both thresholds
        ((9_999, 0), None),  # too small to assume
        ((300,), 0),  # a single place is always the answer
        ((), None),
    ],
)
def test_choose(populations: tuple[int, ...], winner: int | None) -> None:
    candidates = tuple(place(f"P{i}", p) for i, p in enumerate(populations))
    chosen = choose(candidates)
    assert chosen is (None if winner is None else candidates[winner])


def test_find_narrows_by_qualifier() -> None:
    gazetteer = Gazetteer(
        [
            place("Newport", 161_506, "WLS", "NP20", "Cardiff"),
            place("Newport", 24_884, "ENG", "PO30", "Gosport"),
            place("Newport", 851, "WLS", "SA42", "Haverfordwest"),
        ]
    )
    assert gazetteer.find("newport").winner.district == "NP20"  # type: ignore[union-attr]
    assert gazetteer.find("Newport, PO30").winner.district == "PO30"  # type: ignore[union-attr]
    assert gazetteer.find("Newport, PO").winner.district == "PO30"  # type: ignore[union-attr]
    assert gazetteer.find("Newport, Gosport").winner.district == "PO30"  # type: ignore[union-attr]
    wales = gazetteer.find("Newport, Wales")
    assert [p.district for p in wales.candidates] == ["NP20", "SA42"]
    unknown_qualifier = gazetteer.find("Newport, Essex")
    assert len(unknown_qualifier.candidates) == 3
    assert gazetteer.find("Nowhere").candidates == ()
    assert gazetteer.suggest("Newprot") == "Newport"


def test_label_tells_namesakes_apart() -> None:
    assert place("Newport", 1, "WLS", "NP20", "Cardiff").label == (
        "Newport, Wales (NP20, near Cardiff)"
    )
    assert place("Belfast", 1, "NIR", "", "").label == "Belfast, Northern Ireland"
