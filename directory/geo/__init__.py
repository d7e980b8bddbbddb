"""Offline-first UK geocoding: postcodes and place names to points, distances in miles.

Use ``resolve`` for what people type in a search box, ``resolve_postcode`` for a
clinic's postcode, ``lookup_postcode`` for bulk work. Tables load on first use, never
at import. See docs/geo.md for the data, its licences and the precision rules.
"""

from directory.geo.distance import (
    EARTH_RADIUS_MILES,
    bounding_box,
    great_circle_miles,
    haversine_miles,
)
from directory.geo.errors import (
    AmbiguousLocation,
    GeoDataMissing,
    GeoError,
    InvalidPostcode,
    NorthernIrelandPostcode,
    PlaceCandidate,
    UnknownLocation,
)
from directory.geo.geocoder import lookup_postcode, resolve, resolve_postcode
from directory.geo.nations import nation_of
from directory.geo.offline import OfflineGeocoder
from directory.geo.postcodes import (
    ParsedPostcode,
    PostcodeError,
    PostcodeKind,
    looks_like_postcode,
    normalise_postcode,
    parse_postcode,
    try_parse_postcode,
)
from directory.geo.results import Precision, Resolution
from directory.geo.settings import GeoSettings

__all__ = [
    "EARTH_RADIUS_MILES",
    "AmbiguousLocation",
    "GeoDataMissing",
    "GeoError",
    "GeoSettings",
    "InvalidPostcode",
    "NorthernIrelandPostcode",
    "OfflineGeocoder",
    "ParsedPostcode",
    "PlaceCandidate",
    "PostcodeError",
    "PostcodeKind",
    "Precision",
    "Resolution",
    "UnknownLocation",
    "bounding_box",
    "great_circle_miles",
    "haversine_miles",
    "looks_like_postcode",
    "lookup_postcode",
    "nation_of",
    "normalise_postcode",
    "parse_postcode",
    "resolve",
    "resolve_postcode",
    "try_parse_postcode",
]
