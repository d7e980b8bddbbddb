"""The offline chain behind geopy's ``Geocoder`` interface, for code that speaks geopy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location

from directory.geo.errors import AmbiguousLocation, GeoError
from directory.geo.geocoder import resolve
from directory.geo.settings import GeoSettings


class OfflineGeocoder(Geocoder):
    """Postcodes and places from the committed tables; never touches the network.

    ``geocode`` follows geopy: a ``Location`` (or a list with ``exactly_one=False``), or
    None when nothing matches or the text is not a valid postcode. ``Location.raw``
    holds ``precision``, ``source`` and ``note``. For an ambiguous name the single
    answer is the most populous candidate, with ``raw["ambiguous"]`` True; the list
    holds them all.
    """

    def __init__(self, data_dir: Path | str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._settings = GeoSettings(
            data_dir=Path(data_dir) if data_dir else None, online=None, use_cache=False
        )

    def geocode(
        self, query: str, *, exactly_one: bool = True, timeout: Any = DEFAULT_SENTINEL
    ) -> Location | list[Location] | None:
        try:
            found = resolve(str(query), settings=self._settings)
        except AmbiguousLocation as exc:
            locations = [_candidate_location(c, exc.query) for c in exc.candidates]
            return locations[0] if exactly_one else locations
        except GeoError:
            return None
        return found.location if exactly_one else [found.location]


def _candidate_location(candidate: Any, query: str) -> Location:
    raw = {
        "query": query,
        "label": candidate.label,
        "lat": candidate.lat,
        "lon": candidate.lon,
        "precision": "place",
        "source": "geonames",
        "note": f"One of several places called '{query}'.",
        "ambiguous": True,
        "population": candidate.population,
    }
    return Location(candidate.label, (candidate.lat, candidate.lon), raw)
