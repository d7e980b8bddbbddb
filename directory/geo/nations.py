"""Which UK nation a postcode is in, from the offline tables: the nation decides which
care regulator registers a clinic there."""

from __future__ import annotations

from pathlib import Path

from directory.geo.postcodes import PostcodeError, parse_postcode
from directory.geo.settings import data_dir_setting
from directory.geo.tables import geodata

NORTHERN_IRELAND = "NIR"


def nation_of(postcode: str, data_dir: Path | str | None = None) -> str | None:
    """ "ENG", "SCT", "WLS" or "NIR" for ``postcode`` (full or partial), or None when it
    is not a postcode or its district is not in the tables.

    Northern Irish postcodes all start "BT". For Great Britain the most specific known
    part (sector, then district, then area) gives the nation of most of its units:
    cross-border districts (CH, SY, LD, TD) are decided per sector.
    """
    try:
        parsed = parse_postcode(postcode)
    except PostcodeError:
        return None
    if parsed.area == "BT":
        return NORTHERN_IRELAND
    centroids = geodata(data_dir or data_dir_setting()).centroids
    for kind, code in (
        ("sector", parsed.sector),
        ("district", parsed.district),
        ("area", parsed.area),
    ):
        if code and (found := centroids.get((kind, code))) is not None and found.nation:
            return found.nation
    return None
