"""The National Grid transformation against Ordnance Survey reference values and pyproj."""

from __future__ import annotations

import math
import random

import pytest

from directory.geo.osgb import bng_to_wgs84, osgb36_grid_to_latlon, wgs84_to_bng


def dms(degrees: float, minutes: float, seconds: float) -> float:
    return degrees + minutes / 60 + seconds / 3600


def metres_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    # Equirectangular is plenty for separations of a few metres.
    mean_lat = math.radians((a[0] + b[0]) / 2)
    dy = math.radians(a[0] - b[0]) * 6_371_000
    dx = math.radians(a[1] - b[1]) * 6_371_000 * math.cos(mean_lat)
    return math.hypot(dx, dy)


def test_os_worked_example_inverse_projection() -> None:
    # "A guide to coordinate systems in Great Britain", Annex C worked example (OSGB36).
    lat, lon = osgb36_grid_to_latlon(651409.903, 313177.270)
    assert lat == pytest.approx(dms(52, 39, 27.2531), abs=1e-4 / 3600)
    assert lon == pytest.approx(dms(1, 43, 4.5177), abs=1e-4 / 3600)


def test_os_worked_example_forward_projection() -> None:
    # The same point projected back: the datum shift is undone by wgs84_to_bng.
    lat, lon = bng_to_wgs84(651409.903, 313177.270)
    easting, northing = wgs84_to_bng(lat, lon)
    assert easting == pytest.approx(651409.903, abs=0.01)
    assert northing == pytest.approx(313177.270, abs=0.01)


def test_datum_shift_is_about_a_hundred_metres() -> None:
    # OSGB36 and WGS84 latitude/longitude differ by tens to ~120 m in Britain; a result
    # equal to the OSGB36 one would mean the Helmert step was skipped.
    osgb = osgb36_grid_to_latlon(530047, 179951)
    wgs = bng_to_wgs84(530047, 179951)
    assert 50 < metres_between(osgb, wgs) < 150


def test_buckingham_palace_postcode_point() -> None:
    # SW1A 1AA's Code-Point grid reference; WGS84 value from the OS transformation.
    lat, lon = bng_to_wgs84(529090, 179645)
    assert metres_between((lat, lon), (51.501009, -0.141588)) < 5


def test_agrees_with_pyproj_across_great_britain() -> None:
    pyproj = pytest.importorskip("pyproj")
    to_wgs = pyproj.Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    rng = random.Random(27700)
    for _ in range(500):
        easting, northing = rng.uniform(80_000, 660_000), rng.uniform(5_000, 1_220_000)
        lon_ref, lat_ref = to_wgs.transform(easting, northing)
        assert metres_between(bng_to_wgs84(easting, northing), (lat_ref, lon_ref)) < 1.0


def test_round_trip_is_centimetre_exact() -> None:
    rng = random.Random(4326)
    for _ in range(200):
        easting, northing = rng.uniform(0, 700_000), rng.uniform(0, 1_250_000)
        back = wgs84_to_bng(*bng_to_wgs84(easting, northing))
        assert back == pytest.approx((easting, northing), abs=0.01)
