"""``manifest.json``: what the committed geodata was built from, and whom to credit."""

from __future__ import annotations

import hashlib
import json
import os
import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MANIFEST_FILE = "manifest.json"
ATTRIBUTION = [
    "Contains OS data © Crown copyright and database right 2025. Contains Royal Mail "
    "data © Royal Mail copyright and database right 2025. Contains National Statistics "
    "data © Crown copyright and database right 2025.",
    "Place data from GeoNames (geonames.org), CC BY 4.0.",
    "Postcode districts' post towns and counties, and London's areas, from Wikipedia's "
    '"List of postcode districts in the United Kingdom" and "List of areas of London", '
    "CC BY-SA 4.0.",
]


@dataclass(slots=True)
class BuildReport:
    """What one build did (counts, file sizes, time): the manifest records it."""

    units: int = 0
    skipped_no_coordinates: int = 0
    skipped_malformed: int = 0
    centroids: dict[str, int] = field(default_factory=dict)
    places: int | None = None
    files: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def dataset_version(path: Path) -> str | None:
    """The "DATASET VERSION NUMBER" in a Code-Point zip's ``Doc/metadata.txt``, if any."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.lower().endswith("doc/metadata.txt"):
                text = archive.read(name).decode("utf-8", "replace")
                found = re.search(r"DATASET VERSION NUMBER:\s*(\S+)", text)
                return found.group(1) if found else None
    return None


def write_manifest(
    out: Path, report: BuildReport, codepoint_zip: Path, geonames: str | None, files: list[str]
) -> None:
    """Write the manifest, recording each of ``files`` (size, hash) in ``report`` too.

    Without a new GeoNames source the previous manifest's entry is kept, since
    ``places.csv`` was left as it was.
    """
    recorded: dict[str, Any] = {}
    for name in files:
        if (out / name).exists():
            data = (out / name).read_bytes()
            recorded[name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            report.files[name] = len(data)
    previous = _read(out / MANIFEST_FILE)
    manifest = {
        "built_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "sources": {
            "codepoint_open": {
                "file": codepoint_zip.name,
                "dataset": dataset_version(codepoint_zip),
            },
            "geonames": {"file": geonames}
            if geonames
            else previous.get("sources", {}).get("geonames"),
        },
        "units": report.units,
        "excluded_no_coordinates": report.skipped_no_coordinates,
        "centroids": report.centroids,
        "places": report.places if geonames else previous.get("places"),
        "files": recorded,
        "build_seconds": report.seconds,
        "attribution": ATTRIBUTION,
    }
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    write_atomic(out / MANIFEST_FILE, text.encode())


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` only once ``data`` is fully written, so readers never see half."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _read(path: Path) -> dict[str, Any]:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}
