"""Distances in miles against known values, and the bounding box's promise."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from directory.geo.distance import (
    EARTH_RADIUS_MILES,
    bounding_box,
    great_circle_miles,
    haversine_miles,
)

LONDON = (51.5074, -0.1278)  # Charing Cross
EDINBURGH = (55.9533, -3.1883)
LANDS_END = (50.0657, -5.7132)
JOHN_O_GROATS = (58.6373, -3.0689)
CARDIFF = (51.4816, -3.1791)


def test_earth_radius_is_the_mean_radius() -> None:
    assert EARTH_RADIUS_MILES == pytest.approx(3958.76, abs=0.01)


@pytest.mark.parametrize(
    ("a", "b", "miles", "tolerance"),
    [
        (LONDON, EDINBURGH, 332, 1.5),  # the usual "as the crow flies" figure
        (LANDS_END, JOHN_O_GROATS, 602, 3),  # the end-to-end straight line, ~603 mi
        (LONDON, CARDIFF, 131, 1.5),
        ((0.0, 0.0), (0.0, 1.0), 2 * math.pi * EARTH_RADIUS_MILES / 360, 1e-9),
    ],
)
def test_known_distances(
    a: tuple[float, float], b: tuple[float, float], miles: float, tolerance: float
) -> None:
    assert great_circle_miles(a, b) == pytest.approx(miles, abs=tolerance)
    assert haversine_miles(*a, *b) == pytest.approx(great_circle_miles(a, b), abs=1e-6)


def test_zero_and_symmetric() -> None:
    assert haversine_miles(*LONDON, *LONDON) == 0
    assert haversine_miles(*LONDON, *EDINBURGH) == haversine_miles(*EDINBURGH, *LONDON)


def test_antipodes_do_not_overflow() -> None:
    assert haversine_miles(10, 20, -10, -160) == pytest.approx(math.pi * EARTH_RADIUS_MILES)


def test_bounding_box_around_london() -> None:
    min_lat, min_lon, max_lat, max_lon = bounding_box(*LONDON, 10)
    assert max_lat - LONDON[0] == pytest.approx(10 / 69.09, rel=1e-3)
    assert LONDON[1] - min_lon == pytest.approx(max_lon - LONDON[1])
    assert max_lon - min_lon > max_lat - min_lat  # a degree of longitude is shorter


def test_bounding_box_reaching_a_pole_spans_all_longitudes() -> None:
    assert bounding_box(89.9, 0, 50) == (
        pytest.approx(89.9 - 50 / 69.09, rel=1e-3),
        -180.0,
        90.0,
        180.0,
    )
    with pytest.raises(ValueError):
        bounding_box(0, 0, -1)


@given(
    lat=st.floats(49, 61),
    lon=st.floats(-9, 2),
    radius=st.floats(0.1, 200),
    bearing=st.floats(0, 2 * math.pi),
    fraction=st.floats(0, 0.999),
)
def test_bounding_box_holds_every_point_within_the_radius(
    lat: float, lon: float, radius: float, bearing: float, fraction: float
) -> None:
    # Walk `fraction * radius` from the centre along `bearing` (spherical destination).
    angular = fraction * radius / EARTH_RADIUS_MILES
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(
        math.sin(p1) * math.cos(angular) + math.cos(p1) * math.sin(angular) * math.cos(bearing)
    )
    l2 = l1 + math.atan2(
        math.sin(bearing) * math.sin(angular) * math.cos(p1),
        math.cos(angular) - math.sin(p1) * math.sin(p2),
    )
    point = (math.degrees(p2), math.degrees(l2))
    assert haversine_miles(lat, lon, *point) <= radius + 1e-6
    min_lat, min_lon, max_lat, max_lon = bounding_box(lat, lon, radius)
    assert min_lat - 1e-9 <= point[0] <= max_lat + 1e-9
    assert min_lon - 1e-9 <= point[1] <= max_lon + 1e-9
