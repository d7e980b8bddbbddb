"""Where a profile link says a search started (``lat``/``lon``/``from``), and the link
back to the results it came from: read by the profile page only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from directory.web.search_form import typed

# The UK with a margin: an origin outside this is ignored rather than trusted.
UK_BOUNDS = (49.0, -9.5, 61.5, 2.5)
# How far a ``from=`` place may lie from the link's point and still be named.
NEAR_MILES = 2.0
_KIND_SUFFIX = re.compile(r"\s*\((?:district|sector|area)\)$")


@dataclass(frozen=True)
class Origin:
    """A point to measure clinic distances from, and how to name it on the page."""

    point: tuple[float, float]
    label: str


def origin_from(args: Mapping[str, str]) -> Origin | None:
    """``lat``/``lon`` (and an optional ``from`` label) from a profile link, if usable."""
    try:
        lat, lon = float(args.get("lat", "")), float(args.get("lon", ""))
    except ValueError:
        return None
    south, west, north, east = UK_BOUNDS
    if not (south <= lat <= north and west <= lon <= east):
        return None
    return Origin((lat, lon), resolved_label(typed(args.get("from") or ""), lat, lon))


def resolved_label(text: str, lat: float, lon: float) -> str:
    """``text`` as the offline geocoder names it, when it is a place near ``lat``/``lon``;
    otherwise "your search". Anyone can write a link with any ``from=`` text, and the
    profile page prints it ("3 miles from ..."): only a real place is shown."""
    from directory.geo.distance import haversine_miles
    from directory.geo.errors import GeoError
    from directory.geo.geocoder import resolve
    from directory.geo.settings import current_settings

    query = _KIND_SUFFIX.sub("", text)  # "LS1 (district)" is how results name LS1
    if not query:
        return "your search"
    try:
        found = resolve(query, settings=replace(current_settings(), online=None))
    except (GeoError, ValueError):
        return "your search"
    if haversine_miles(found.lat, found.lon, lat, lon) > NEAR_MILES:
        return "your search"
    return found.label


def back_link(args: Mapping[str, str]) -> str | None:
    """A link back to the results the visitor came from; only ever a local search URL."""
    back = args.get("back") or ""
    if back.startswith("/search?") and len(back) < 1000 and not any(c in back for c in "\\\r\n"):
        return back
    return None
