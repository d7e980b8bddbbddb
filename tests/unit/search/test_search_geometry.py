"""The grid geometry the engine trusts: exact distances, conservative cell covers."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.geo import haversine_miles
from directory.search import geometry
from directory.search.geometry import Circle

uk_lat = st.floats(49.8, 60.9)
uk_lon = st.floats(-8.2, 1.8)
radius = st.sampled_from([0.5, 1.0, 3.0, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0])


@given(uk_lat, uk_lon, uk_lat, uk_lon, radius)
def test_circle_distances_are_haversine_to_the_last_bit(lat, lon, plat, plon, miles):
    circle = Circle(lat, lon, miles)
    exact = haversine_miles(lat, lon, plat, plon)
    h = circle.h_point(plat, plon)
    assert geometry.miles(h) == exact
    assert circle.within(h) is (exact <= miles)


@given(uk_lat, uk_lon, radius, st.floats(0, 359.99), st.floats(-1e-6, 1e-6))
def test_points_on_the_edge_go_the_right_way(lat, lon, miles, bearing, nudge):
    # A point within a few millimetres of the circle: the decision still matches the
    # haversine comparison exactly.
    p1, b = math.radians(lat), math.radians(bearing)
    angle = (miles + nudge) / geometry.EARTH_RADIUS_MILES
    p2 = math.asin(math.sin(p1) * math.cos(angle) + math.cos(p1) * math.sin(angle) * math.cos(b))
    l2 = math.radians(lon) + math.atan2(
        math.sin(b) * math.sin(angle) * math.cos(p1), math.cos(angle) - math.sin(p1) * math.sin(p2)
    )
    plat, plon = math.degrees(p2), math.degrees(l2)
    circle = Circle(lat, lon, miles)
    exact = haversine_miles(lat, lon, plat, plon)
    assert circle.within(circle.h_point(plat, plon)) is (exact <= miles)


def _cell_of(cells: list[geometry.Cell], key: int) -> bool:
    return any(start <= key < end for start, end in (c.keys for c in cells))


@settings(max_examples=60, deadline=None)
@given(uk_lat, uk_lon, radius, st.integers(0, 2**32))
def test_the_cover_is_conservative(lat, lon, miles, seed):
    rnd = random.Random(seed)
    circle = Circle(lat, lon, miles)
    inside, edge = circle.cells()
    reach = math.degrees(miles / geometry.EARTH_RADIUS_MILES)
    for _ in range(300):
        plat = lat + rnd.uniform(-1.2, 1.2) * reach
        plon = lon + rnd.uniform(-1.2, 1.2) * reach / max(0.2, math.cos(math.radians(plat)))
        key = geometry.point_key(plat, plon)
        if key is None:
            continue
        distance = haversine_miles(lat, lon, plat, plon)
        if distance <= miles:
            # Every point of the circle lies in some covered cell...
            assert _cell_of(inside, key) or _cell_of(edge, key)
        if _cell_of(inside, key):
            # ...and a cell called "inside" holds nothing outside the circle.
            assert distance <= miles


def test_cells_are_contiguous_key_ranges():
    for level in (4, 9, 13):
        for lat, lon in ((53.8, -1.55), (51.5, -0.14), (57.48, -4.22)):
            key = geometry.point_key(lat, lon)
            size = geometry.SPAN / (1 << level)
            x = int((lon - geometry.ORIGIN_LON) / size)
            y = int((lat - geometry.ORIGIN_LAT) / size)
            start, end = geometry.Cell(level, x, y).keys
            assert start <= key < end
            assert end - start == 4 ** (geometry.ORDER - level)


def test_points_outside_the_grid_have_no_key():
    assert geometry.point_key(40.0, -1.0) is None
    assert geometry.point_key(53.0, 10.0) is None
    assert geometry.point_key(53.8, -1.55) is not None


@pytest.mark.parametrize(
    ("ranges", "merged"),
    [
        ([(5, 7), (1, 3), (3, 4)], [(1, 4), (5, 7)]),
        ([(1, 10), (2, 3)], [(1, 10)]),
        ([], []),
    ],
)
def test_merge_ranges(ranges, merged):
    assert geometry.merge_ranges(ranges) == merged
