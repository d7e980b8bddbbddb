"""Home visits: which practitioners travel to a point, without looking at all of them.

Each mobile practitioner covers a circle of their own radius around a base. A segment
files every such circle under the grid cells (at ``LEVEL``) it touches: cells wholly
inside the circle in one table, cells on its edge in another. A query point falls in
exactly one cell, so finding who comes to it is one lookup per table, plus an exact
distance check only for circles whose edge crosses that cell. The check computes the
haversine term the way ``geometry.Circle`` does, so "inside" agrees with
``haversine_miles(point, base) <= miles`` (the database path's definition) to the bit.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterable, Sequence
from typing import Any

from directory.geo.distance import EARTH_RADIUS_MILES
from directory.search import bitmaps, geometry

# 0.25-degree cells: about 17 miles north to south in Britain, 10 east to west. A
# 100-mile circle spans a few hundred of them; a 5-mile one, one to four.
LEVEL = 6
_SHIFT = 2 * (geometry.ORDER - LEVEL)


class Coverage:
    """The travel areas of one segment's documents, filed by grid cell."""

    def __init__(self, blobs: Iterable[bytes]) -> None:
        self.miles: dict[int, int] = {}  # local doc -> miles travelled
        self._base: dict[int, tuple[float, float, float, float]] = {}  # rad, cos, lon, h limit
        self._inside: dict[int, list[int]] = {}
        self._edge: dict[int, list[int]] = {}
        for local, blob in enumerate(blobs):
            if len(blob) != 24:
                continue
            lat, lon, miles = struct.unpack("<3d", blob)
            circle = geometry.Circle(lat, lon, miles)
            self.miles[local] = int(miles)
            self._base[local] = (circle.p0, circle.cos0, lon, circle.h_limit)
            inside, edge = circle.cover(LEVEL)
            for table, cells in ((self._inside, inside), (self._edge, edge)):
                for cell in cells:
                    table.setdefault(geometry.morton(cell.x, cell.y), []).append(local)

    def __bool__(self) -> bool:
        return bool(self.miles)

    def covering(self, point: geometry.Circle) -> list[int]:
        """Local documents whose travel area contains ``point``'s centre."""
        if not self.miles:
            return []
        key = geometry.point_key(point.lat, point.lon)
        if key is None:  # outside the grid: few enough to check one by one
            return [d for d in self.miles if self._reaches(d, point)]
        cell = key >> _SHIFT
        found = list(self._inside.get(cell, ()))
        found += [d for d in self._edge.get(cell, ()) if self._reaches(d, point)]
        return found

    def _reaches(self, local: int, point: geometry.Circle) -> bool:
        rad, cos, lon, limit = self._base[local]
        h = point.h(rad, cos, lon)
        if h < limit * (1 - 1e-9):
            return True
        if h > limit * (1 + 1e-9):
            return False
        return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h))) <= self.miles[local]


def covering(segments: Sequence[tuple[Any, int]], point: geometry.Circle, live: int) -> int:
    """Live documents (global numbers) whose practitioner travels to ``point``'s centre;
    ``segments`` are a snapshot's ``(SegmentData, offset)`` pairs."""
    found: list[int] = []
    for data, offset in segments:
        found += [offset + d for d in data.coverage.covering(point)]
    return bitmaps.from_positions(sorted(found)) & live
