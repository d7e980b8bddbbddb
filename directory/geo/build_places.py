"""Build ``places.csv``, the place gazetteer, from the GeoNames extract.

Each place gets what a person needs to tell same-named places apart: its nation, the
postcode district of the nearest unit postcode (Great Britain only: Code-Point has no
Northern Irish postcodes) and the nearest larger town.
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from directory.geo.build_manifest import write_atomic
from directory.geo.distance import haversine_miles
from directory.geo.osgb import wgs84_to_bng
from directory.geo.places import place_key

if TYPE_CHECKING:
    from directory.geo.build import GridUnit

CELL_M = 2_000  # grid cell for the nearest-postcode search
MAX_POSTCODE_M = 30_000  # beyond this a place gets no district (remote islands)
# "Nearest larger town": at least this many people, and at least twice the place's own.
NEAR_MIN_POPULATION = 10_000
NEAR_FACTOR = 2
COLUMNS = ["key", "name", "lat", "lon", "population", "nation", "district", "near", "geonameid"]


@dataclass(slots=True)
class _Place:
    geonameid: str
    name: str
    lat: float
    lon: float
    population: int
    nation: str
    district: str = ""
    near: str = ""


def build_places(geonames_csv: Path, units: Sequence[GridUnit], out: Path) -> int:
    """Write the gazetteer to ``out`` (atomically); return the number of places."""
    places = _read(geonames_csv)
    grid = _grid(units)
    for place in places:
        if place.nation != "NIR":
            place.district = _nearest_district(place, grid, units)
    _assign_near(places)
    places.sort(key=lambda p: (place_key(p.name), -p.population, p.geonameid))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for p in places:
        writer.writerow(
            [
                place_key(p.name),
                p.name,
                f"{p.lat:.5f}",
                f"{p.lon:.5f}",
                p.population,
                p.nation,
                p.district,
                p.near,
                p.geonameid,
            ]
        )
    write_atomic(out, buf.getvalue().encode("utf-8"))
    return len(places)


def _read(path: Path) -> list[_Place]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            _Place(
                row["geonameid"],
                row["name"].strip(),
                float(row["latitude"]),
                float(row["longitude"]),
                int(row["population"] or 0),
                row["nation"],
            )
            for row in csv.DictReader(handle)
            if row["name"].strip() and place_key(row["name"])
        ]


def _grid(units: Sequence[GridUnit]) -> dict[tuple[int, int], list[int]]:
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        cells[(u.easting // CELL_M, u.northing // CELL_M)].append(i)
    return cells


def _nearest_district(
    place: _Place, grid: dict[tuple[int, int], list[int]], units: Sequence[GridUnit]
) -> str:
    east, north = wgs84_to_bng(place.lat, place.lon)
    cx, cy = int(east // CELL_M), int(north // CELL_M)
    best, best_d2 = "", float(MAX_POSTCODE_M) ** 2
    # Widen the square ring by ring; once the ring's inner edge is farther than the best
    # match, nothing further out can beat it.
    for ring in range(MAX_POSTCODE_M // CELL_M + 2):
        if best and ((ring - 1) * CELL_M) ** 2 > best_d2:
            break
        for dx in range(-ring, ring + 1):
            for dy in range(-ring, ring + 1):
                if max(abs(dx), abs(dy)) != ring:
                    continue
                for i in grid.get((cx + dx, cy + dy), ()):
                    u = units[i]
                    d2 = (u.easting - east) ** 2 + (u.northing - north) ** 2
                    if d2 < best_d2:
                        best, best_d2 = u.outward, d2
    return best


def _assign_near(places: list[_Place]) -> None:
    towns = [p for p in places if p.population >= NEAR_MIN_POPULATION]
    for place in places:
        best, best_miles = "", math.inf
        for town in towns:
            if town.population < NEAR_FACTOR * max(place.population, 1) or town is place:
                continue
            if (town.nation == "NIR") != (place.nation == "NIR"):
                continue  # across the Irish Sea is never "near"
            miles = haversine_miles(place.lat, place.lon, town.lat, town.lon)
            if miles < best_miles:
                best, best_miles = town.name, miles
        place.near = best
