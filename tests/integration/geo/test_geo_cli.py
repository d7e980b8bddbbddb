"""``flask geo lookup`` and ``flask geo refresh`` through Flask's CLI runner."""

from __future__ import annotations

import zipfile
from pathlib import Path

from flask import Flask

from directory.geo import Precision, resolve

ROW_TAIL = '"E92000001","E19000001","E18000003","","E08000035","E05011403"'


def test_lookup_prints_the_resolution(app: Flask) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["geo", "lookup", "sw1a", "1aa"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("SW1A 1AA: 51.50101, -0.14159 (unit, codepoint-open)")


def test_lookup_lists_candidates_and_explains_errors(app: Flask) -> None:
    runner = app.test_cli_runner()
    ambiguous = runner.invoke(args=["geo", "lookup", "Woodford"])
    assert ambiguous.exit_code == 1
    for label in (
        "Woodford, North Northamptonshire",
        "Woodford, Wiltshire",
        "Woodford, London Borough of Redbridge",
    ):
        assert label in ambiguous.output
    short_form = runner.invoke(args=["geo", "lookup", "Newcastle"])
    assert short_form.exit_code == 0, short_form.output
    assert short_form.output.startswith("Newcastle upon Tyne, England: 54.97328, -1.61396")
    assert "also: Newcastle, County Down" in short_form.output
    invalid = runner.invoke(args=["geo", "lookup", "SW1A 1A"])
    assert invalid.exit_code == 1
    assert "[invalid_postcode]" in invalid.output


def test_refresh_rebuilds_into_the_given_folder(app: Flask, tmp_path: Path) -> None:
    source = tmp_path / "codepo_gb.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("Data/CSV/sw.csv", f'"SW1A 1AA",10,529090,179645,{ROW_TAIL}\n')
        archive.writestr("Doc/metadata.txt", "DATASET VERSION NUMBER: 2099.3.0\n")
    places = tmp_path / "places.csv"
    places.write_text(
        "geonameid,name,latitude,longitude,population,nation\n1,Westminster,51.5,-0.13,1000,ENG\n",
        encoding="utf-8",
    )
    out = tmp_path / "geo"
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["geo", "refresh", str(source), "--geonames", str(places), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "1 unit postcodes" in result.output
    assert {p.name for p in out.iterdir()} == {
        "postcodes.bin",
        "postcode_centroids.csv",
        "places.csv",
        "ni_districts.csv",
        "manifest.json",
    }
    app.config["GEODATA_DIR"] = str(out)
    assert resolve("SW1A 1AA").precision is Precision.UNIT
    assert resolve("Westminster").label == "Westminster, England"
    missing = runner.invoke(args=["geo", "refresh", str(tmp_path / "nope.zip")])
    assert missing.exit_code == 2
