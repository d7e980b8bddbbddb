"""Place-name keys, and the rules that pick a place, offer a list or qualify a name."""

from __future__ import annotations

import pytest

from directory.geo.place_rules import choose, find
from directory.geo.places import Gazetteer, Place, place_key


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
        ("Stoke on Trent", "stoke on trent"),
        ("Ynys M\u00f4n", "ynys mon"),
        ("Brighton & Hove", "brighton and hove"),
        ("", ""),
    ],
)
def test_place_key(typed: str, key: str) -> None:
    assert place_key(typed) == key


def place(
    name: str,
    population: int,
    nation: str = "ENG",
    district: str = "AB1",
    near: str = "Bigtown",
    authority: str = "",
    county: str = "",
    aliases: tuple[str, ...] = (),
    lat: float = 52.0,
) -> Place:
    return Place(name, lat, -1.0, population, nation, district, near, authority, county, aliases)


@pytest.mark.parametrize(
    ("populations", "winner"),
    [
        ((161_506, 24_884, 12_741), 0),  # Newport: over five times the next
        ((50_000, 10_001), None),  # big, but not five times bigger
        ((61_011, 18_322), None),  # Bangor: County Down is not five times Gwynedd's
        ((1_461, 0), None),  # Woodford: a village against an unknown is no contest
        ((14_385, 0), 0),  # Charlton, London against a hamlet of unknown size
        ((258_366, 512, 0, 0), 0),  # Stoke-on-Trent: a city beats unknown hamlets
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


def test_a_london_area_of_unknown_size_is_no_hamlet() -> None:
    liverpool = place("Kensington", 16_522, authority="Liverpool")
    london = place("Kensington", 0, authority="Royal Borough of Kensington and Chelsea")
    assert choose((liverpool, london)) is None
    city = place("Stratford", 130_000)
    assert choose((city, place("Stratford", 0, authority="London Borough of Newham"))) is city


NEWPORTS = Gazetteer(
    [
        place("Newport", 161_506, "WLS", "NP20", "Cardiff", "Newport", "Gwent", ("Casnewydd",)),
        place("Newport", 24_884, "ENG", "PO30", "Gosport", "Isle of Wight", "Isle of Wight"),
        place("Newport", 12_741, "ENG", "TF10", "Telford", "Telford and Wrekin", "Shropshire"),
        place("Newport", 851, "WLS", "SA42", "Haverfordwest", "Pembrokeshire", "Dyfed"),
        place(
            "Newcastle upon Tyne",
            300_125,
            authority="Newcastle upon Tyne",
            aliases=("Newcastle", "Newcastle-on-Tyne"),
        ),  # fmt: skip
        place("Newcastle under Lyme", 127_727, authority="Newcastle-under-Lyme"),
        place("Newcastle", 7_444, "NIR", "BT33", authority="County Down"),
        place("Richmond", 21_469, "ENG", "TW9", authority="London Borough of Richmond upon Thames"),
        place("Richmond", 8_413, "ENG", "DL10", authority="North Yorkshire"),
    ]
)


@pytest.mark.parametrize(
    ("typed", "district"),
    [
        ("newport", "NP20"),
        ("Newport, Isle of Wight", "PO30"),
        ("Newport Isle of Wight", "PO30"),  # a trailing qualifier needs no comma
        ("Newport, Shropshire", "TF10"),  # the postal county
        ("Newport, Pembrokeshire", "SA42"),
        ("Newport, PO", "PO30"),  # a postcode area
        ("Newport, Gosport", "PO30"),  # the nearby larger town
        ("Casnewydd", "NP20"),  # the Welsh name
        ("Newcastle", ""),  # the short form of the city (district "AB1" in this fixture)
        ("Richmond, London", "TW9"),
        ("Richmond, North Yorkshire", "DL10"),
    ],
)
def test_qualifiers_and_other_names(typed: str, district: str) -> None:
    match = find(NEWPORTS, typed)
    assert match.winner is not None
    if district:
        assert match.winner.district == district
    else:
        assert match.winner.name == "Newcastle upon Tyne"


def test_short_form_offers_the_others() -> None:
    match = find(NEWPORTS, "Newcastle")
    assert [p.label for p in match.others] == [
        "Newcastle under Lyme, England",
        "Newcastle, County Down",
    ]
    newport = find(NEWPORTS, "Newport")
    assert [p.district for p in newport.others] == ["PO30", "TF10", "SA42"]


def test_ambiguous_names_list_every_candidate_with_its_authority() -> None:
    match = find(NEWPORTS, "Richmond")
    assert match.winner is None
    assert [p.label for p in match.candidates] == [
        "Richmond, London Borough of Richmond upon Thames",
        "Richmond, North Yorkshire",
    ]


def test_postcode_district_qualifier_and_unknown_qualifiers() -> None:
    leeds = Gazetteer([place("Leeds", 536_280, district="LS2")])
    match = find(leeds, "Leeds LS1")
    assert match.district == "LS1" and match.winner is not None
    essex = find(NEWPORTS, "Newport, Atlantis")
    assert essex.ignored == "Atlantis" and essex.winner is not None
    assert essex.winner.district == "NP20"
    assert find(NEWPORTS, "Nowhere").candidates == ()


def test_suggest_finds_close_spellings_quickly() -> None:
    suggested = NEWPORTS.suggest("Newprot")
    assert suggested is not None and suggested.district == "NP20"
    assert NEWPORTS.suggest("Xylophone") is None
    assert NEWPORTS.suggest("") is None


def test_label_tells_namesakes_apart() -> None:
    assert place("Newport", 1, "ENG", "PO30", authority="Isle of Wight").label == (
        "Newport, Isle of Wight"
    )
    # An authority named after its town says nothing: the nation does.
    assert place("Leeds", 1, authority="Leeds").label == "Leeds, England"
    assert place("Hull", 1, authority="City of Hull").label == "Hull, England"
    assert place("Belfast", 1, "NIR", "", "").label == "Belfast, Northern Ireland"
    assert place("Woodford", 1, district="IG8", authority="Redbridge").detailed_label == (
        "Woodford, Redbridge (IG8)"
    )


def test_a_local_authority_name_answers_with_its_largest_place() -> None:
    gazetteer = Gazetteer(
        [
            place("Brighton", 283_870, authority="Brighton and Hove"),
            place("Hove", 91_900, authority="Brighton and Hove"),
            place("Bow", 0, authority="London Borough of Tower Hamlets"),
        ]
    )
    match = find(gazetteer, "Brighton & Hove")
    assert match.winner is not None and match.winner.name == "Brighton"
    assert match.authority == "Brighton and Hove"
    tower_hamlets = find(gazetteer, "Tower Hamlets")
    assert tower_hamlets.winner is not None and tower_hamlets.winner.name == "Bow"
    assert find(gazetteer, "Sussex").winner is None
