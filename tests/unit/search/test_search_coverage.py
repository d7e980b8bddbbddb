"""Home visits' cell index: a point finds exactly the travel areas that contain it."""

from __future__ import annotations

import struct

from hypothesis import given, settings
from hypothesis import strategies as st

from directory.geo import EARTH_RADIUS_MILES, haversine_miles
from directory.search.coverage import Coverage
from directory.search.geometry import Circle

uk_lat = st.floats(49.8, 60.9)
uk_lon = st.floats(-8.2, 1.8)
miles = st.integers(1, 100)


def _blob(lat: float, lon: float, travel: int) -> bytes:
    return struct.pack("<3d", lat, lon, float(travel))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(uk_lat, uk_lon, miles), min_size=1, max_size=8), uk_lat, uk_lon)
def test_a_point_finds_exactly_the_areas_holding_it(areas, lat, lon):
    coverage = Coverage([_blob(*a) for a in areas])
    found = sorted(coverage.covering(Circle(lat, lon, 1.0)))
    want = [
        i for i, (blat, blon, m) in enumerate(areas) if haversine_miles(lat, lon, blat, blon) <= m
    ]
    assert found == want


@settings(max_examples=300, deadline=None)
@given(uk_lat, uk_lon, miles, st.floats(0, 359.99), st.sampled_from([-1e-6, -1e-9, 1e-9, 1e-6]))
def test_the_edge_of_an_area_goes_the_way_haversine_says(lat, lon, travel, bearing, nudge):
    import math

    # A point within a hair of the area's edge, along any bearing.
    p1, b = math.radians(lat), math.radians(bearing)
    angle = (travel + nudge) / EARTH_RADIUS_MILES
    p2 = math.asin(math.sin(p1) * math.cos(angle) + math.cos(p1) * math.sin(angle) * math.cos(b))
    l2 = math.radians(lon) + math.atan2(
        math.sin(b) * math.sin(angle) * math.cos(p1), math.cos(angle) - math.sin(p1) * math.sin(p2)
    )
    plat, plon = math.degrees(p2), math.degrees(l2)
    coverage = Coverage([_blob(lat, lon, travel)])
    inside = haversine_miles(plat, plon, lat, lon) <= travel
    assert coverage.covering(Circle(plat, plon, 1.0)) == ([0] if inside else [])


def test_documents_without_an_area_and_points_off_the_grid():
    coverage = Coverage([b"", _blob(53.8, -1.55, 10), b""])
    assert coverage.miles == {1: 10}
    assert coverage.covering(Circle(53.8, -1.55, 1.0)) == [1]
    assert coverage.covering(Circle(40.0, -1.55, 1.0)) == []  # south of the grid's box
    assert not Coverage([b"", b""])
