"""Geocoding errors: each has a stable ``code`` for APIs and a ``message`` for people.

Each also says how the web edge should answer it (``status``) and which search parameter
it is about (``field``, always the location), so no caller keeps a table of codes;
services store ``message`` as the reason a clinic has no coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass

from directory.geo.postcodes import PostcodeError


class GeoError(Exception):
    """Base class: a query that could not be turned into one point."""

    code = "geo_error"
    status = 400
    field = "location"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidPostcode(GeoError):
    """Text that looks like a postcode but is not one; ``suggestion`` may help."""

    code = "invalid_postcode"

    def __init__(self, error: PostcodeError) -> None:
        super().__init__(error.message)
        self.suggestion = error.suggestion
        self.__cause__ = error


class UnknownLocation(GeoError):
    """A well-formed query that matches nothing we know (offline, or online if enabled).

    ``suggestion`` is a close spelling of a known place (what to type), or None, and
    ``suggested`` that place with its coordinates.
    """

    code = "unknown_location"
    status = 404

    def __init__(
        self,
        message: str,
        suggestion: str | None = None,
        suggested: PlaceCandidate | None = None,
    ) -> None:
        super().__init__(message)
        self.suggestion = suggestion
        self.suggested = suggested


class NorthernIrelandPostcode(UnknownLocation):
    """A BT postcode whose district is not one we can place (BT districts are placed at
    their post town; there is no open table of Northern Irish unit postcodes)."""

    code = "unresolvable_ni_postcode"

    def __init__(self, postcode: str) -> None:
        super().__init__(
            f"We don't know the Northern Ireland postcode district of {postcode}. Check "
            "the postcode, or type the town instead, for example 'Belfast' or 'Newry'."
        )
        self.postcode = postcode


class GeoDataMissing(GeoError):
    """The offline tables are missing or unreadable: a deployment fault, not the user's."""

    code = "geodata_missing"
    status = 503


@dataclass(frozen=True, slots=True)
class PlaceCandidate:
    """One of several places a name could mean, with what tells it apart."""

    label: str  # "Newport, Isle of Wight"
    name: str
    lat: float
    lon: float
    nation: str  # "England", "Scotland", "Wales" or "Northern Ireland"
    district: str | None  # postcode district nearby (in NI, of the nearest post town)
    near: str | None  # nearest larger town
    population: int
    authority: str | None = None  # local authority; in Northern Ireland the county

    @property
    def query(self) -> str:
        """What to type to get this place back ("Newport, Isle of Wight")."""
        from directory.geo.places import place_key

        named_after = self.authority and (
            place_key(self.authority).removeprefix("city of ") == place_key(self.name)
        )
        qualifier = self.nation if named_after or not self.authority else self.authority
        return f"{self.name}, {qualifier}"


class AmbiguousLocation(GeoError):
    """A place name shared by several places, none clearly the one meant."""

    code = "ambiguous_location"
    status = 422

    def __init__(self, query: str, candidates: list[PlaceCandidate]) -> None:
        names = "; ".join(c.label for c in candidates[:3])
        more = " or another" if len(candidates) > 3 else ""
        super().__init__(
            f"There are {len(candidates)} places called '{query.strip()}'. "
            f"Did you mean {names}{more}? Adding a postcode helps."
        )
        self.query = query
        self.candidates = candidates
