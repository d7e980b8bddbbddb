"""The offline chain on the real committed tables (seed_data/geo): postcodes and places."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from geopy.location import Location
from hypothesis import given
from hypothesis import strategies as st

from directory.geo import (
    AmbiguousLocation,
    GeoError,
    GeoSettings,
    InvalidPostcode,
    NorthernIrelandPostcode,
    OfflineGeocoder,
    Precision,
    UnknownLocation,
    haversine_miles,
    lookup_postcode,
    resolve,
    resolve_postcode,
)
from directory.geo.errors import GeoDataMissing
from directory.geo.postcodes import inward_code
from directory.geo.tables import DEFAULT_DIR, GeoData, geodata


def missing_unit_in(sector: str) -> str:
    """A unit postcode in ``sector`` that the table does not hold."""
    digit = int(sector[-1])
    for i in range(digit * 400 + 399, digit * 400, -1):
        candidate = f"{sector[:-2]} {inward_code(i)}"
        if lookup_postcode(candidate) is None:
            return candidate
    raise AssertionError(f"sector {sector} is full")


def test_unit_postcode_in_any_spelling() -> None:
    for typed in ("SW1A 1AA", "sw1a1aa", " Sw1a 1aA "):
        found = resolve(typed)
        assert found.label == "SW1A 1AA"
        assert found.precision is Precision.UNIT
        assert found.source == "codepoint-open"
        assert found.note is None
        assert haversine_miles(found.lat, found.lon, 51.501, -0.1416) < 0.05


def test_leeds_unit_and_fast_path() -> None:
    found = resolve("LS1 4AP")
    assert (found.lat, found.lon) == pytest.approx((53.7955, -1.5557), abs=0.0005)
    assert lookup_postcode("LS1 4AP") == (found.lat, found.lon)
    assert lookup_postcode("ls14ap") == (found.lat, found.lon)
    assert lookup_postcode("LS1") is None
    assert lookup_postcode("not a postcode") is None


def test_district_sector_and_area_centroids() -> None:
    district = resolve("M1")
    assert (district.label, district.precision) == ("M1 (district)", Precision.DISTRICT)
    assert haversine_miles(district.lat, district.lon, 53.478, -2.236) < 1
    sector = resolve("sw1a 1")
    assert (sector.label, sector.precision) == ("SW1A 1 (sector)", Precision.SECTOR)
    area = resolve("LS")
    assert (area.label, area.precision) == ("LS (area)", Precision.AREA)


def test_unknown_unit_falls_back_to_its_sector_and_says_so() -> None:
    unit = missing_unit_in("LS1 9")
    found = resolve(unit)
    assert found.precision is Precision.SECTOR
    assert found.label == "LS1 9 (sector)"
    assert found.note == f"{unit} is not in our postcode table; using the centre of sector LS1 9"
    # A clinic's postcode must exist: the sector centre could be a mile from the door.
    with pytest.raises(UnknownLocation, match=f"{unit} is not a postcode in our data"):
        resolve_postcode(unit)


def test_unknown_sector_falls_back_to_the_district() -> None:
    # Sector 9 of SW1A does not exist; the district does.
    found = resolve("SW1A 9ZZ")
    assert found.precision is Precision.DISTRICT
    assert found.note == "SW1A 9ZZ is not in our postcode table; using the centre of district SW1A"
    sector = resolve("SW1A 9")
    assert sector.note == (
        "Sector SW1A 9 is not in our postcode table; using the centre of district SW1A"
    )


def test_unknown_district_is_unknown_location() -> None:
    with pytest.raises(UnknownLocation, match="We don't know the postcode ZE9 1AA"):
        resolve("ZE9 1AA")


def test_northern_ireland_postcodes_land_on_their_district_post_town() -> None:
    belfast = resolve("Belfast")
    for typed in ("BT1 1AA", "bt7 1nn", "BT1"):
        found = resolve(typed)
        assert found.precision is Precision.DISTRICT
        assert found.label.endswith("(Belfast)")
        assert haversine_miles(found.lat, found.lon, belfast.lat, belfast.lon) < 1
        assert "Approximate" in (found.note or "")
    enniskillen = resolve("BT74 6AA")
    assert enniskillen.label == "BT74 (Enniskillen)"
    assert "so BT74 6AA is shown at Enniskillen (BT74)." in (enniskillen.note or "")
    # BT68 (Caledon) is a village too small for the gazetteer: refused, not guessed.
    with pytest.raises(NorthernIrelandPostcode) as caught:
        resolve("BT68 4AA")
    assert caught.value.code == "unresolvable_ni_postcode"
    assert "Northern Ireland postcode district" in caught.value.message
    assert isinstance(caught.value, UnknownLocation)


def test_invalid_postcode_keeps_the_parser_suggestion() -> None:
    with pytest.raises(InvalidPostcode) as caught:
        resolve("SW1A 1A")
    assert caught.value.code == "invalid_postcode"
    assert caught.value.suggestion == "SW1A 1"


def test_resolve_postcode_wants_a_full_postcode_and_never_a_place() -> None:
    assert resolve_postcode("sw1a 1aa").label == "SW1A 1AA"
    for text in ("SW1A", "Harrogate"):
        with pytest.raises(InvalidPostcode):
            resolve_postcode(text)
    assert resolve_postcode("SW1A", require_unit=False).precision is Precision.DISTRICT
    # No open table has Northern Ireland's units: a clinic there is placed at its
    # district, and says so.
    ni_clinic = resolve_postcode("BT1 1AA")
    assert ni_clinic.precision is Precision.DISTRICT and "Approximate" in (ni_clinic.note or "")


def test_blank_query() -> None:
    with pytest.raises(UnknownLocation, match="Type a postcode or a town"):
        resolve("   ")


def test_resolution_as_geopy_location() -> None:
    location = resolve("SW1A 1AA").location
    assert isinstance(location, Location)
    assert location.address == "SW1A 1AA"
    assert location.raw["precision"] == "unit"
    assert location.raw["source"] == "codepoint-open"


def test_offline_geocoder_speaks_geopy() -> None:
    geocoder = OfflineGeocoder()
    found = geocoder.geocode("LS1 4AP")
    assert isinstance(found, Location) and found.raw["precision"] == "unit"
    assert geocoder.geocode("Nowhere-in-particular") is None
    assert geocoder.geocode("SW1A 1A") is None
    every = geocoder.geocode("Woodford", exactly_one=False)
    assert isinstance(every, list) and len(every) == 3
    assert all(loc.raw["ambiguous"] for loc in every)
    assert geocoder.geocode("Woodford").address == every[0].address


def test_missing_data_directory_is_a_clear_error(tmp_path: Path) -> None:
    settings = GeoSettings(data_dir=tmp_path)
    with pytest.raises(GeoDataMissing, match="flask geo refresh"):
        resolve("SW1A 1AA", settings=settings)


def test_tables_load_lazily_and_are_shared() -> None:
    assert geodata() is geodata(None)
    assert len(geodata().units) > 1_700_000


def test_harrogate_and_saints() -> None:
    assert resolve("Harrogate").label == "Harrogate, North Yorkshire"
    assert resolve("HARROGATE").precision is Precision.PLACE
    spellings = ["St Albans", "St. Albans", "Saint Albans", "st albans", "ST. ALBANS", "St-Albans"]
    assert {resolve(s).label for s in spellings} == {"St Albans, England"}


def test_woodford_is_ambiguous_with_telling_details() -> None:
    with pytest.raises(AmbiguousLocation) as caught:
        resolve("woodford")
    error = caught.value
    assert error.code == "ambiguous_location"
    # Two villages, and London's Woodford (from the list of London's areas).
    assert {c.district for c in error.candidates} == {"NN14", "SP4", "IG8"}
    assert {c.label for c in error.candidates} == {
        "Woodford, North Northamptonshire",
        "Woodford, Wiltshire",
        "Woodford, London Borough of Redbridge",
    }
    for c in error.candidates:
        assert c.nation == "England" and c.near and c.authority in c.label
    assert "Did you mean" in error.message


def test_newport_wales_wins_outright() -> None:
    found = resolve("Newport")
    assert found.label == "Newport, Wales"
    assert found.source == "geonames"
    assert "could also mean 6 other places" in (found.note or "")
    assert "Newport, Isle of Wight" in {c.label for c in found.alternatives}
    isle_of_wight = resolve("Newport, Isle of Wight")
    assert isle_of_wight.label == "Newport, Isle of Wight"
    assert isle_of_wight.lat == pytest.approx(50.70, abs=0.01)
    district = resolve("Newport, PO30")  # a postcode district answers with the district
    assert district.precision is Precision.DISTRICT
    assert haversine_miles(district.lat, district.lon, isle_of_wight.lat, isle_of_wight.lon) < 3


def test_northern_irish_places_work() -> None:
    found = resolve("Belfast")
    assert found.label == "Belfast, County Antrim"
    assert found.precision is Precision.PLACE


def test_unknown_place_suggests_a_spelling() -> None:
    with pytest.raises(UnknownLocation) as caught:
        resolve("Harrogat")
    assert caught.value.suggestion == "Harrogate, North Yorkshire"
    assert "Did you mean Harrogate, North Yorkshire?" in caught.value.message
    with pytest.raises(UnknownLocation) as qualified:
        resolve("Newprot, Isle of Wight")
    assert qualified.value.suggestion == "Newport, Isle of Wight"
    suggested = caught.value.suggested
    assert suggested is not None
    assert (suggested.lat, suggested.lon) == pytest.approx((53.99078, -1.5373), abs=1e-3)


@given(st.text(max_size=30) | st.from_regex(r"[A-Za-z]{1,2}[0-9][0-9A-Za-z]? ?[0-9][A-Za-z]{0,2}"))
def test_resolve_raises_only_geo_errors(text: str) -> None:
    try:
        found = resolve(text)
    except GeoError as exc:
        assert exc.message and exc.code
    else:
        assert -90 <= found.lat <= 90 and -180 <= found.lon <= 180


def test_importing_geo_reads_no_data() -> None:
    code = (
        "import directory.geo, directory.geo.cli\n"
        "from directory.geo import tables\n"
        "assert not tables._by_path, 'tables registered at import'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_each_table_loads_on_first_use_only() -> None:
    data = GeoData(DEFAULT_DIR)
    assert (data._units, data._centroids, data._places) == (None, None, None)
    assert data.units.lookup("SW1A", 0) is not None  # SW1A 0AA
    assert data._units is not None and data._places is None
