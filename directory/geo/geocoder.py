"""The geocoding chain: unit postcode -> sector -> district -> place name -> online.

Each step answers only what it knows, and says how precise it is. The online step
runs only when configured, only after the offline data has no answer, and its failure
degrades to the offline answer or a clear ``UnknownLocation``: it never raises
anything else into a save or a search.
"""

from __future__ import annotations

import logging
import re

from geopy.exc import GeopyError

from directory.geo.errors import (
    InvalidPostcode,
    NorthernIrelandPostcode,
    UnknownLocation,
)
from directory.geo.online import OnlineUnavailable, geocode_online
from directory.geo.place_resolver import ni_district, resolve_place, unknown_place
from directory.geo.postcodes import (
    CROWN_DEPENDENCY_AREAS,
    ParsedPostcode,
    PostcodeError,
    PostcodeKind,
    inward_index,
    looks_like_postcode,
    parse_postcode,
    try_parse_postcode,
)
from directory.geo.results import Precision, Resolution
from directory.geo.settings import GeoSettings, current_settings, data_dir_setting
from directory.geo.tables import GeoData, geodata

log = logging.getLogger(__name__)
CODEPOINT = "codepoint-open"
# Already-normalised units; the letters are those the inward code may use.
_STANDARD_UNIT = re.compile(r"([A-Z]{1,2}[0-9][0-9A-Z]?) ([0-9][ABD-HJLNP-UW-Z]{2})")


def resolve(query: str, *, settings: GeoSettings | None = None) -> Resolution:
    """Turn a postcode (any of unit, sector, district, area) or a place name into a point.

    Raises ``InvalidPostcode``, ``NorthernIrelandPostcode``, ``AmbiguousLocation``,
    ``UnknownLocation`` (all ``GeoError``) or ``GeoDataMissing`` if the offline files
    are absent. ``settings`` defaults to the current app's config, or to offline-only
    defaults outside an app context.
    """
    settings = settings or current_settings()
    text = " ".join(str(query).split())
    if not text:
        raise UnknownLocation("Type a postcode or a town, like 'LS1 4AP' or 'Harrogate'.")
    data = geodata(settings.data_dir)
    if looks_like_postcode(text):
        try:
            parsed = parse_postcode(text)
        except PostcodeError as exc:
            raise InvalidPostcode(exc) from exc
        return _postcode(query, parsed, data, settings)
    return _place(query, text, data, settings)


def resolve_postcode(
    text: str, *, settings: GeoSettings | None = None, require_unit: bool = True
) -> Resolution:
    """Resolve a clinic's postcode: never a place name.

    With ``require_unit`` (the default) only a full postcode is accepted, since a
    clinic has one; a unit missing from the table falls back to its sector, then its
    district, and the ``note`` says so. Raises ``InvalidPostcode``,
    ``NorthernIrelandPostcode`` or ``UnknownLocation``.
    """
    settings = settings or current_settings()
    try:
        parsed = parse_postcode(text)
        if require_unit and parsed.kind is not PostcodeKind.UNIT:
            raise PostcodeError(
                f"'{parsed.normalised}' is only part of a postcode: please give the full "
                "postcode, like 'SW1A 1AA'."
            )
    except PostcodeError as exc:
        raise InvalidPostcode(exc) from exc
    return _postcode(text, parsed, geodata(settings.data_dir), settings, exact=require_unit)


def lookup_postcode(normalised_unit: str) -> tuple[float, float] | None:
    """``(lat, lon)`` of a unit postcode from the offline table, or None. No fallbacks.

    The fast path for bulk work (a few microseconds): the standard form ("SW1A 1AA") is
    matched directly; any other spelling the parser accepts takes the slower route.
    """
    match = _STANDARD_UNIT.fullmatch(normalised_unit)
    if match is not None:
        outward, inward = match.groups()
    else:
        parsed = try_parse_postcode(normalised_unit)
        if parsed is None or parsed.unit is None or parsed.district is None:
            return None
        outward, inward = parsed.district, parsed.unit[-3:]
    return geodata(data_dir_setting()).units.lookup(outward, inward_index(inward))


def _postcode(
    query: str, p: ParsedPostcode, data: GeoData, settings: GeoSettings, exact: bool = False
) -> Resolution:
    if p.area in CROWN_DEPENDENCY_AREAS:
        raise UnknownLocation(
            f"{p.normalised} is a Channel Islands or Isle of Man postcode; this directory "
            "covers the United Kingdom only."
        )
    if p.is_northern_ireland:
        return _northern_ireland(query, p, data, settings)
    missing = None  # the finer code we had to give up on, for the note
    if p.unit is not None and p.district is not None:
        point = data.units.lookup(p.district, inward_index(p.unit[-3:]))
        if point is not None:
            return Resolution(query, p.unit, point[0], point[1], Precision.UNIT, CODEPOINT)
        if exact:
            found, reason = _online(p.normalised, settings)
            if found is not None:
                return found
            raise UnknownLocation(
                f"{p.unit} is not a postcode in our data (Ordnance Survey Code-Point Open, "
                "every live postcode in Great Britain). Check it against the clinic's "
                f"letters; a brand-new postcode is added when we next refresh. {reason}".strip()
            )
        missing = p.unit
    # Fall back at most to the district typed: an unknown district is more likely a
    # typing mistake than somewhere worth placing at the centre of a whole area.
    steps = [("sector", p.sector), ("district", p.district)] if p.district else [("area", p.area)]
    for kind, code in steps:
        centroid = data.centroids.get((kind, code)) if code else None
        if centroid is not None:
            note = None
            if missing:
                note = f"{missing} is not in our postcode table; using the centre of {kind} {code}"
            return Resolution(
                query,
                f"{code} ({kind})",
                centroid.lat,
                centroid.lon,
                Precision(kind),
                CODEPOINT,
                note,
            )
        if code:
            missing = missing or f"Sector {code}"
    found, reason = _online(p.normalised, settings)
    if found is not None:
        return found
    raise UnknownLocation(f"We don't know the postcode {p.normalised}. {reason}".strip())


def _place(query: str, text: str, data: GeoData, settings: GeoSettings) -> Resolution:
    found = resolve_place(query, text, data)
    if found is not None:
        return found
    online, reason = _online(text, settings)
    if online is not None:
        return online
    raise unknown_place(text, data, reason)


def _northern_ireland(
    query: str, p: ParsedPostcode, data: GeoData, settings: GeoSettings
) -> Resolution:
    """BT postcodes: no open table has their units, so a unit or sector is placed at its
    district's post town (the online geocoder, when enabled, is asked first)."""
    if p.kind is not PostcodeKind.DISTRICT:
        found, _ = _online(p.normalised, settings)
        if found is not None:
            return found
    finer = p.normalised if p.kind is not PostcodeKind.DISTRICT else None
    found = ni_district(query, p.district or "", data, finer)
    if found is None:
        raise NorthernIrelandPostcode(p.normalised)
    return found


def _online(query: str, settings: GeoSettings) -> tuple[Resolution | None, str]:
    """The online answer if enabled and found, else None and a reason for people."""
    if not settings.online:
        return None, ""
    try:
        return geocode_online(query, settings), ""
    except (OnlineUnavailable, GeopyError) as exc:
        log.warning("Online geocoding unavailable for %r: %s", query, exc)
        return None, "The online lookup is not available right now; please try again later."
