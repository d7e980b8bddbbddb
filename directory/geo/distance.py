"""Distances in miles: geopy's great circle for clarity, a pure-math haversine for loops.

Both use the same mean Earth radius (geopy's), so they agree to floating-point noise and
a search that pre-filters with one and displays the other never contradicts itself.
"""

from __future__ import annotations

import math

from geopy.distance import EARTH_RADIUS as EARTH_RADIUS_KM
from geopy.distance import great_circle

KM_PER_MILE = 1.609344
EARTH_RADIUS_MILES: float = EARTH_RADIUS_KM / KM_PER_MILE  # about 3,958.76


def haversine_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in miles between two points in degrees. No allocation, no I/O."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    # min() guards against h creeping just above 1 through rounding (antipodal points).
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def great_circle_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in miles between two ``(lat, lon)`` points, via geopy."""
    return float(great_circle(a, b).miles)


def bounding_box(lat: float, lon: float, radius_miles: float) -> tuple[float, float, float, float]:
    """Return ``(min_lat, min_lon, max_lat, max_lon)`` enclosing every point within the radius.

    The box is exact at its widest (it uses the spherical formula, not a flat-Earth
    approximation), so it can only over-include: callers filter with
    ``haversine_miles`` afterwards. Near a pole, or for a radius past half the globe, it
    spans every longitude. Longitudes are not wrapped at the antimeridian (irrelevant for
    the UK): a box may extend past ±180.
    """
    if radius_miles < 0:
        raise ValueError("radius_miles must not be negative")
    angular = radius_miles / EARTH_RADIUS_MILES
    min_lat = lat - math.degrees(angular)
    max_lat = lat + math.degrees(angular)
    if min_lat <= -90 or max_lat >= 90 or angular >= math.pi / 2:
        return max(min_lat, -90.0), -180.0, min(max_lat, 90.0), 180.0
    dlon = math.degrees(math.asin(min(1.0, math.sin(angular) / math.cos(math.radians(lat)))))
    return min_lat, lon - dlon, max_lat, lon + dlon
