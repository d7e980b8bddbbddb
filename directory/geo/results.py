"""What a successful lookup returns: a point and an honest statement of its precision."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from geopy.location import Location

from directory.geo.errors import PlaceCandidate


class Precision(StrEnum):
    """How exactly the point stands for the query (values match ``LocationPrecision``)."""

    UNIT = "unit"  # the postcode's own coordinates (a building or a street)
    SECTOR = "sector"  # the centre of a postcode sector ("SW1A 1")
    DISTRICT = "district"  # the centre of a postcode district ("SW1A", "M1")
    AREA = "area"  # the centre of a postcode area ("SW", "M")
    PLACE = "place"  # a town or village centre from the gazetteer
    ONLINE = "online"  # whatever the online geocoder returned


@dataclass(frozen=True, slots=True)
class Resolution:
    """A resolved query.

    ``label`` is for people ("SW1A 1AA", "Harrogate, England", "LS1 (district)");
    ``source`` names the data ("codepoint-open", "geonames", "online:nominatim");
    ``note`` explains any fallback ("LS1 9ZZ is not in our postcode table; ...");
    ``alternatives`` are the other places a name could have meant ("Newcastle" answers
    Newcastle upon Tyne, and offers Newcastle, County Down).
    """

    query: str
    label: str
    lat: float
    lon: float
    precision: Precision
    source: str
    note: str | None = None
    alternatives: tuple[PlaceCandidate, ...] = ()

    @property
    def point(self) -> tuple[float, float]:
        return (self.lat, self.lon)

    @property
    def location(self) -> Location:
        """This resolution as a geopy ``Location``; ``raw`` carries the other fields."""
        return Location(self.label, (self.lat, self.lon), self.raw())

    def raw(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "label": self.label,
            "lat": self.lat,
            "lon": self.lon,
            "precision": self.precision.value,
            "source": self.source,
            "note": self.note,
        }
