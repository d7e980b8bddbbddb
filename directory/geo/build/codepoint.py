"""Read Code-Point Open: every unit postcode on the British National Grid, and the
sector, district and area centroids taken from them."""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from directory.geo import postcode_file
from directory.geo.build.manifest import BuildReport, write_atomic
from directory.geo.osgb import bng_to_wgs84
from directory.geo.postcodes import PostcodeError, inward_index, parse_postcode

NATIONS = {"E92000001": "ENG", "S92000003": "SCT", "W92000004": "WLS"}
_DATA_MEMBER = re.compile(r"(?:.*/)?Data/CSV/[a-z]{1,2}\.csv", re.IGNORECASE)
NO_COORDINATES = "90"  # Code-Point positional quality: no usable coordinates


@dataclass(frozen=True, slots=True)
class GridUnit:
    """One unit postcode as Code-Point gives it: grid metres and nation code."""

    outward: str
    inward: int
    easting: int
    northing: int
    nation: str
    authority: str = ""  # GSS code of the local authority (Admin_district_code)


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


def to_record(unit: GridUnit) -> postcode_file.UnitRecord:
    """The unit as the postcode file stores it: WGS84 degrees, scaled to integers."""
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
