"""Place names (and Northern Irish postcode districts) to ``Resolution``s.

The choosing rules are in ``place_rules``; this module turns their outcome into what
the geocoder promises: a point with its precision and a note, an ``AmbiguousLocation``
listing labelled candidates, or an ``UnknownLocation`` with a "did you mean" place.
"""

from __future__ import annotations

from directory.geo import place_rules
from directory.geo.distance import haversine_miles
from directory.geo.errors import AmbiguousLocation, PlaceCandidate, UnknownLocation
from directory.geo.places import Place
from directory.geo.results import Precision, Resolution
from directory.geo.tables import GeoData

GEONAMES = "geonames"
CODEPOINT = "codepoint-open"
NI_SOURCE = "postcode-districts"
# "Leeds LS1": the district must be this close to a place of that name to count.
DISTRICT_QUALIFIER_MILES = 25.0


def resolve_place(query: str, text: str, data: GeoData) -> Resolution | None:
    """The place ``text`` names, or None when no place answers to it.

    Raises ``AmbiguousLocation`` when several do and none is clearly meant.
    """
    match = place_rules.find(data.places, text)
    if match.district is not None:
        found = _district(query, match, data)
        if found is not None:
            return found
    if match.winner is not None:
        place = match.winner
        notes = []
        if match.others:
            count = len(match.others)
            other = "another place" if count == 1 else f"{count} other places"
            notes.append(f"Showing {place.label}; '{text}' could also mean {other}.")
        if match.authority:
            notes.append(f"{match.authority} is a local authority: showing its largest place.")
        if match.ignored:
            notes.append(f"We don't know '{match.ignored}', so it was left out.")
        return Resolution(
            query,
            place.label,
            place.lat,
            place.lon,
            Precision.PLACE,
            GEONAMES,
            " ".join(notes) or None,
            candidates(match.others),
        )
    if match.candidates:
        raise AmbiguousLocation(text, list(candidates(match.candidates)))
    return None


def unknown_place(text: str, data: GeoData, reason: str) -> UnknownLocation:
    """The error for a name nothing answers to, with the closest spelling if any."""
    close = data.places.suggest(text)
    _name, comma, qualifier = text.partition(",")
    if close is not None and comma:
        # "Newprot, Isle of Wight" means the Isle of Wight's Newport, not the largest.
        qualified = place_rules.find(data.places, f"{close.name},{qualifier}")
        close = qualified.winner if qualified.winner and not qualified.ignored else close
    if close is None:
        return UnknownLocation(
            f"We couldn't find a place called '{text}'. Try a postcode. {reason}".strip()
        )
    suggested = candidate(close)
    return UnknownLocation(
        f"We couldn't find a place called '{text}'. Did you mean {close.label}? {reason}".strip(),
        suggestion=suggested.query,
        suggested=suggested,
    )


def ni_district(
    query: str, district: str, data: GeoData, typed: str | None = None
) -> Resolution | None:
    """A Northern Irish postcode district at its post town, or None if unknown.
    ``typed`` is the finer postcode asked for (a unit or sector), for the note."""
    found = data.ni_districts.get(district)
    if found is None:
        return None
    what = f"{typed} is shown at" if typed else "it is shown at"
    return Resolution(
        query,
        f"{district} ({found.post_town})",
        found.lat,
        found.lon,
        Precision.DISTRICT,
        NI_SOURCE,
        f"Approximate: Northern Ireland postcodes are placed at their district's post "
        f"town, so {what} {found.post_town} ({district}).",
    )


def _district(query: str, match: place_rules.PlaceMatch, data: GeoData) -> Resolution | None:
    code = match.district or ""
    found: Resolution | None = None
    if code.startswith("BT"):
        found = ni_district(query, code, data)
    elif (centre := data.centroids.get(("district", code))) is not None:
        found = Resolution(
            query, f"{code} (district)", centre.lat, centre.lon, Precision.DISTRICT, CODEPOINT
        )
    if found is None:
        return None
    near = any(
        haversine_miles(found.lat, found.lon, p.lat, p.lon) <= DISTRICT_QUALIFIER_MILES
        for p in match.candidates
    )
    return found if near else None


def candidates(places: tuple[Place, ...]) -> tuple[PlaceCandidate, ...]:
    """Places as candidates; namesakes in one authority get their district added."""
    labels = [p.label for p in places]
    return tuple(candidate(p, detailed=labels.count(p.label) > 1) for p in places)


def candidate(place: Place, *, detailed: bool = False) -> PlaceCandidate:
    """A gazetteer place as a candidate for people and programs."""
    return PlaceCandidate(
        label=place.detailed_label if detailed else place.label,
        name=place.name,
        lat=place.lat,
        lon=place.lon,
        nation=place.nation_name,
        district=place.district or None,
        near=place.near or None,
        population=place.population,
        authority=place.authority or None,
    )
