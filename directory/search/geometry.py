"""Grid geometry for the engine: Z-order cell keys and which cells a circle covers.

Great Britain (and Ireland, with margin) lies in a 16 x 16 degree box, cut into a
quadtree of cells. A cell at ``level`` is ``SPAN / 2**level`` degrees on each side and
its Z-order (Morton) key range is contiguous, so "every clinic in this cell" is one
``bisect`` over keys sorted once per index segment.

``Circle`` does the exact distance work in hot loops. It computes the haversine term
``h`` with the query's sine/cosine precomputed and each clinic's radian latitude and
cosine precomputed per segment, using the same operations, in the same order, as
``directory.geo.distance.haversine_miles``, so distances agree with it to the last bit
(tests check this). ``h`` grows with distance, so comparisons stay in ``h`` and the
``asin`` is paid only for distances that are shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property, lru_cache

from directory.geo.distance import EARTH_RADIUS_MILES

ORIGIN_LAT = 48.0
ORIGIN_LON = -11.0
SPAN = 16.0
ORDER = 16  # finest level: 2**16 cells a side, about 30 metres
NO_KEY = (1 << (2 * ORDER)) - 1 + 1  # sorts after every real key
_SCALE = (1 << ORDER) / SPAN
_MARGIN = 1e-9  # relative slack so rounding never misfiles a cell


def _spread(v: int) -> int:
    v &= 0xFFFF
    v = (v | (v << 8)) & 0x00FF00FF
    v = (v | (v << 4)) & 0x0F0F0F0F
    v = (v | (v << 2)) & 0x33333333
    return (v | (v << 1)) & 0x55555555


def morton(x: int, y: int) -> int:
    """Interleave the bits of cell column ``x`` and row ``y`` (y in the odd bits)."""
    return _spread(x) | (_spread(y) << 1)


def point_key(lat: float, lon: float) -> int | None:
    """The finest-level key of a point, or None outside the grid's box."""
    x = int((lon - ORIGIN_LON) * _SCALE)
    y = int((lat - ORIGIN_LAT) * _SCALE)
    if 0 <= x < (1 << ORDER) and 0 <= y < (1 << ORDER):
        return morton(x, y)
    return None


def level_for_radius(radius_miles: float) -> int:
    """A cell size of about a quarter of the radius: few cells, a thin boundary band."""
    cell_degrees = radius_miles / 69.0 / 4.0
    level = math.ceil(math.log2(SPAN / max(cell_degrees, 1e-6)))
    return max(4, min(level, 13))


@dataclass(frozen=True)
class Cell:
    level: int
    x: int
    y: int

    @cached_property
    def keys(self) -> tuple[int, int]:
        """Half-open range of finest-level keys inside this cell."""
        shift = 2 * (ORDER - self.level)
        start = morton(self.x, self.y) << shift
        return start, start + (1 << shift)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """``(south, west, north, east)`` in degrees."""
        size = SPAN / (1 << self.level)
        south, west = ORIGIN_LAT + self.y * size, ORIGIN_LON + self.x * size
        return south, west, south + size, west + size


class Circle:
    """A search circle: exact distance tests and the grid cells it touches."""

    def __init__(self, lat: float, lon: float, radius_miles: float) -> None:
        self.lat, self.lon, self.radius = lat, lon, radius_miles
        self.p0 = math.radians(lat)
        self.cos0 = math.cos(self.p0)
        self.theta = radius_miles / EARTH_RADIUS_MILES
        half = min(self.theta / 2, math.pi / 2)
        self.h_limit = math.sin(half) ** 2

    def cells(self) -> tuple[list[Cell], list[Cell]]:
        """``cover`` at the level suited to this radius: the cells wholly inside and
        those on the edge."""
        return _cover(self.lat, self.lon, self.radius).cells

    def key_ranges(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """The finest-level key ranges of the inside cells and of the edge cells, each
        merged where they touch."""
        return _cover(self.lat, self.lon, self.radius).key_ranges

    def cells_by_distance(self) -> list[tuple[float, tuple[int, int]]]:
        """Every cell of ``cells`` as ``(min_h, keys)``, nearest first."""
        return _cover(self.lat, self.lon, self.radius).by_distance

    def h(self, p: float, cos_p: float, lon: float) -> float:
        """Haversine term to a point given as radian latitude, its cosine and degrees lon."""
        return (
            math.sin((p - self.p0) / 2) ** 2
            + self.cos0 * cos_p * math.sin(math.radians(lon - self.lon) / 2) ** 2
        )

    def h_point(self, lat: float, lon: float) -> float:
        p = math.radians(lat)
        return self.h(p, math.cos(p), lon)

    def within(self, h: float) -> bool:
        """Exactly ``haversine_miles(...) <= radius`` for a point with term ``h``."""
        if h < self.h_limit * (1 - _MARGIN):
            return True
        if h > self.h_limit * (1 + _MARGIN):
            return False
        return miles(h) <= self.radius

    def min_h(self, cell: Cell) -> float:
        """Haversine term to the nearest point of ``cell`` (0 inside it)."""
        south, west, north, east = cell.bounds
        if west <= self.lon <= east:
            lat = min(max(self.lat, south), north)
            return self.h_point(lat, self.lon)
        edge = west if self.lon < west else east
        dlon = math.radians(edge - self.lon)
        # On a meridian the nearest point sits at tan(lat) = tan(lat0) / cos(dlon).
        lat = math.degrees(math.atan(math.tan(self.p0) / math.cos(dlon)))
        return self.h_point(min(max(lat, south), north), edge)

    def half_width(self, lat: float) -> float | None:
        """Longitude half-width (degrees) of the circle along a parallel, None if it
        misses it; 180 when the whole parallel is inside."""
        p = math.radians(lat)
        denominator = math.cos(p) * self.cos0
        if denominator <= 0:
            return None
        c = (math.cos(self.theta) - math.sin(p) * math.sin(self.p0)) / denominator
        if c > 1:
            return None
        return 180.0 if c <= -1 else math.degrees(math.acos(c))

    def cover(self, level: int) -> tuple[list[Cell], list[Cell]]:
        """Cells at ``level`` wholly inside the circle and cells crossing its edge.

        Works row by row: along a row the circle's longitude extent is bounded by its
        half-width at the row's edges (inner) and at the widest latitude within the row
        (outer), so no per-cell distance is computed. Both lists are conservative: a
        cell is "inside" only if every point of it is within the radius.
        """
        size = SPAN / (1 << level)
        dlat = math.degrees(self.theta) * (1 + _MARGIN) + 1e-12
        lat_lo, lat_hi = self.lat - dlat, self.lat + dlat
        # Parallel where the circle is widest (slightly poleward of the centre).
        widest = math.degrees(math.asin(min(1.0, math.sin(self.p0) / math.cos(self.theta))))
        y0 = max(0, math.floor((lat_lo - ORIGIN_LAT) / size))
        y1 = min((1 << level) - 1, math.floor((lat_hi - ORIGIN_LAT) / size))
        inside: list[Cell] = []
        edge: list[Cell] = []
        for y in range(y0, y1 + 1):
            south = ORIGIN_LAT + y * size
            north = south + size
            lo, hi = max(south, lat_lo), min(north, lat_hi)
            if lo > hi:
                continue
            # None here means rounding at the circle's northern or southern tip.
            outer = self.half_width(min(max(widest, lo), hi)) or 0.0
            outer = outer * (1 + _MARGIN) + 1e-9
            inner = None
            if south >= lat_lo and north <= lat_hi:
                a, b = self.half_width(south), self.half_width(north)
                if a is not None and b is not None:
                    inner = min(a, b) * (1 - _MARGIN)
            x0 = max(0, math.floor((self.lon - outer - ORIGIN_LON) / size))
            x1 = min((1 << level) - 1, math.floor((self.lon + outer - ORIGIN_LON) / size))
            for x in range(x0, x1 + 1):
                west = ORIGIN_LON + x * size
                if (
                    inner is not None
                    and self.lon - inner <= west
                    and west + size <= self.lon + inner
                ):
                    inside.append(Cell(level, x, y))
                else:
                    edge.append(Cell(level, x, y))
        return inside, edge


class _Cover:
    """A circle's cells, each with its key range, and the same nearest first."""

    def __init__(self, circle: Circle) -> None:
        self.circle = circle
        self.cells = circle.cover(level_for_radius(circle.radius))

    @cached_property
    def key_ranges(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        inside, edge = self.cells
        return merge_ranges([c.keys for c in inside]), merge_ranges([c.keys for c in edge])

    @cached_property
    def by_distance(self) -> list[tuple[float, tuple[int, int]]]:
        inside, edge = self.cells
        return sorted((self.circle.min_h(c), c.keys) for c in inside + edge)


@lru_cache(maxsize=256)
def _cover(lat: float, lon: float, radius_miles: float) -> _Cover:
    """The cover of ``Circle(lat, lon, radius_miles)``: a pure function of its
    arguments, kept for the next search from the same place (searches from a popular
    postcode or town repeat). One takes about 80 KB with its key ranges and distances
    (measured over mixed radii): the 256 most recent hold about 20 MB per process."""
    return _Cover(Circle(lat, lon, radius_miles))


def miles(h: float) -> float:
    """Distance in miles for a haversine term (as ``haversine_miles`` computes it)."""
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def merge_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort half-open ranges and join those that touch or overlap."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
