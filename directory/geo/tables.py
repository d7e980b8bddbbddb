"""The offline tables, loaded lazily on first use and shared by every thread of a process.

Nothing is read at import or app creation. The unit table is memory-mapped and each
postcode area's block is decoded the first time a postcode in it is looked up (about
ten milliseconds for the largest), so a process holds only the areas it uses: about
10 bytes per unit postcode, 17 MB if every area is touched. Lookups then bisect a
district's slice of a sorted array: a few microseconds.
"""

from __future__ import annotations

import csv
import mmap
import threading
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from directory.geo import postcode_file
from directory.geo.errors import GeoDataMissing
from directory.geo.places import Gazetteer
from directory.geo.postcodes import inward_code

T = TypeVar("T")
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "seed_data" / "geo"
# The files ``geo.build`` writes and this module reads.
UNITS_FILE = "postcodes.bin"
CENTROIDS_FILE = "postcode_centroids.csv"
PLACES_FILE = "places.csv"
NI_DISTRICTS_FILE = "ni_districts.csv"


@dataclass(frozen=True, slots=True)
class Centroid:
    lat: float
    lon: float
    units: int
    nation: str  # ENG, SCT or WLS: the nation of most of its units


class PostcodeTable:
    """Unit postcodes of Great Britain. Thread-safe; blocks decode once, under a lock."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as handle:
            # The map outlives the file handle and pins this version of the file, so a
            # refresh that replaces it cannot pull the data from under a running process.
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        self.header, self._start = postcode_file.decode_header(self._map)
        self._areas = {a["area"]: a for a in self.header["areas"]}
        self._area_of = {d: a["area"] for a in self._areas.values() for d, _n in a["districts"]}
        self._blocks: dict[str, postcode_file.AreaBlock] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return int(self.header["units"])

    def has_district(self, outward: str) -> bool:
        return outward in self._area_of

    def lookup(self, outward: str, inward: int) -> tuple[float, float] | None:
        """Return ``(lat, lon)`` of a unit given its outward code and packed inward code."""
        area = self._area_of.get(outward)
        if area is None:
            return None
        block = self._blocks.get(area) or self._decode(area)
        start, end = block.districts[outward]
        i = bisect_left(block.inward, inward, start, end)
        if i == end or block.inward[i] != inward:
            return None
        return block.lat[i] / postcode_file.SCALE, block.lon[i] / postcode_file.SCALE

    def load_all(self) -> None:
        """Decode every area now (benchmarks; a server never needs to)."""
        for area in self._areas:
            self._blocks.get(area) or self._decode(area)

    def units(self) -> Iterator[tuple[str, float, float]]:
        """Yield ``(postcode, lat, lon)`` for every unit, in table order."""
        for area in self._areas:
            block = self._blocks.get(area) or self._decode(area)
            for outward, (start, end) in block.districts.items():
                for i in range(start, end):
                    yield (
                        f"{outward} {inward_code(block.inward[i])}",
                        block.lat[i] / postcode_file.SCALE,
                        block.lon[i] / postcode_file.SCALE,
                    )

    def _decode(self, area: str) -> postcode_file.AreaBlock:
        with self._lock:
            if area not in self._blocks:
                meta = self._areas[area]
                start = self._start + meta["offset"]
                blob = self._map[start : start + meta["length"]]
                self._blocks[area] = postcode_file.decode_block(blob, meta["districts"])
            return self._blocks[area]


def read_centroids(path: Path) -> dict[tuple[str, str], Centroid]:
    """Read ``postcode_centroids.csv`` into ``{(kind, code): Centroid}``."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            (row["kind"], row["code"]): Centroid(
                float(row["lat"]), float(row["lon"]), int(row["units"]), row["nation"]
            )
            for row in csv.DictReader(handle)
        }


@dataclass(frozen=True, slots=True)
class NiDistrict:
    """A Northern Irish postcode district, placed at its post town."""

    post_town: str
    county: str
    lat: float
    lon: float


def read_ni_districts(path: Path) -> dict[str, NiDistrict]:
    """Read ``ni_districts.csv`` into ``{district: NiDistrict}``; empty if absent (data
    built before Northern Ireland was covered)."""
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            row["district"]: NiDistrict(
                row["post_town"], row["county"], float(row["lat"]), float(row["lon"])
            )
            for row in csv.DictReader(handle)
        }


class GeoData:
    """The tables of one data directory, each loaded on first access."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = threading.Lock()
        self._units: PostcodeTable | None = None
        self._centroids: dict[tuple[str, str], Centroid] | None = None
        self._places: Gazetteer | None = None
        self._ni: dict[str, NiDistrict] | None = None

    @property
    def units(self) -> PostcodeTable:
        if self._units is None:
            with self._lock:
                if self._units is None:
                    self._units = self._open(UNITS_FILE, PostcodeTable)
        return self._units

    @property
    def centroids(self) -> dict[tuple[str, str], Centroid]:
        if self._centroids is None:
            with self._lock:
                if self._centroids is None:
                    self._centroids = self._open(CENTROIDS_FILE, read_centroids)
        return self._centroids

    @property
    def places(self) -> Gazetteer:
        if self._places is None:
            with self._lock:
                if self._places is None:
                    self._places = self._open(PLACES_FILE, Gazetteer.load)
        return self._places

    @property
    def ni_districts(self) -> dict[str, NiDistrict]:
        if self._ni is None:
            with self._lock:
                if self._ni is None:
                    self._ni = self._open(NI_DISTRICTS_FILE, read_ni_districts)
        return self._ni

    def _open(self, name: str, reader: Callable[[Path], T]) -> T:
        path = self.directory / name
        try:
            return reader(path)
        except (OSError, ValueError, KeyError) as exc:
            raise GeoDataMissing(
                f"The offline geodata file {path} is missing or unreadable ({exc}). "
                "Run 'flask geo refresh' to rebuild it."
            ) from exc


_by_path: dict[Path, GeoData] = {}
_by_argument: dict[Path | str, GeoData] = {}  # as given, to skip resolving on hot paths
_registry_lock = threading.Lock()


def geodata(directory: Path | str | None = None) -> GeoData:
    """The process-wide ``GeoData`` for ``directory`` (default: ``seed_data/geo``).

    Cheap: creating it reads nothing; tables load when first used.
    """
    argument = directory or DEFAULT_DIR
    found = _by_argument.get(argument)
    if found is not None:
        return found
    path = Path(argument).resolve()
    with _registry_lock:
        found = _by_path.setdefault(path, GeoData(path))
        _by_argument[argument] = found
        return found


def forget(directory: Path | str) -> None:
    """Drop the cached tables of ``directory`` (after a refresh rewrote them)."""
    path = Path(directory).resolve()
    with _registry_lock:
        _by_path.pop(path, None)
        for argument in [a for a, data in _by_argument.items() if data.directory == path]:
            del _by_argument[argument]
