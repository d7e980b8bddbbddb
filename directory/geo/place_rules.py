"""How a typed place name becomes one place, a short list, or nothing.

1. A qualifier after a comma, or trailing words that the name alone does not explain
   ("Newport Isle of Wight", "Leeds LS1"), picks among same-named places when it is a
   nation, a local authority, a (postal) county, a nearby larger town, a postcode area
   or a postcode district. A postcode district is kept for the geocoder, which answers
   with that district ("Leeds LS1" -> LS1). A qualifier that matches none is ignored.
2. Among the places left, the most populous wins outright when it has at least
   ``TOWN_POPULATION`` people and ``WINNER_FACTOR`` times as many as each namesake
   (GeoNames' 0, "unknown", counts as 0: such places are hamlets) except that against a
   London area, whose size GeoNames does not give, only a city of ``CITY_POPULATION``
   wins. So "Newport" is Newport, Wales, "Stoke" is Stoke-on-Trent and "Newcastle"
   Newcastle upon Tyne, while "Richmond", "Bangor", "Woodford" and "Kensington" ask.
3. A name that is no place's but a local authority's ("Tower Hamlets", "Brighton and
   Hove") answers with the authority's most populous place.
4. A winner comes with the others worth offering: its namesakes and, when it was found
   by a short form ("Newcastle"), the towns whose names start with it ("Newcastle under
   Lyme").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from directory.geo.places import Gazetteer, Place, place_key

TOWN_POPULATION = 10_000
CITY_POPULATION = 100_000
WINNER_FACTOR = 5
MAX_CANDIDATES = 10
MAX_QUALIFIER_WORDS = 4
_NATION_ALIASES = {
    "england": "ENG",
    "eng": "ENG",
    "scotland": "SCT",
    "sct": "SCT",
    "wales": "WLS",
    "wls": "WLS",
    "cymru": "WLS",
    "northern ireland": "NIR",
    "ni": "NIR",
    "nir": "NIR",
}
_AUTHORITY_PREFIXES = re.compile(r"^(london borough of|royal borough of|city of|county) ")
_LONDON_OTHERS = {
    "city of london",
    "city of westminster",
    "royal borough of kensington and chelsea",
    "royal borough of kingston upon thames",
    "royal borough of greenwich",
}
_OUTWARD = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?")
_AREA = re.compile(r"[A-Z]{1,2}")


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A ``winner`` (with ``others`` worth offering) or ambiguous ``candidates``, or
    neither. ``district`` is a postcode district typed as the qualifier."""

    winner: Place | None
    candidates: tuple[Place, ...]
    others: tuple[Place, ...] = ()
    district: str | None = None
    ignored: str | None = None  # a qualifier that matched nothing
    authority: str | None = None  # set when the text named a local authority, not a place


def find(gazetteer: Gazetteer, text: str) -> PlaceMatch:
    """Apply the module's rules to ``text``. Never raises."""
    name, comma, qualifier = text.partition(",")
    key = place_key(name)
    if not comma and key not in gazetteer:
        key, qualifier = _split_trailing(gazetteer, key)
    places = gazetteer.lookup(key)
    if not places:
        largest = gazetteer.largest_in(place_key(text))
        if largest is None:
            return PlaceMatch(None, ())
        return PlaceMatch(largest, (largest,), authority=largest.authority)
    qualifier = qualifier.strip()
    district = None
    pool = places
    ignored = None
    if qualifier:
        code = qualifier.replace(" ", "").upper()
        if _OUTWARD.fullmatch(code):
            district = code
            pool = tuple(p for p in places if p.district == code) or places
        else:
            pool = narrow(places, place_key(qualifier))
            if not pool:
                pool, ignored = places, qualifier
    winner = choose(pool)
    if winner is None:
        return PlaceMatch(None, pool[:MAX_CANDIDATES], district=district, ignored=ignored)
    others = [p for p in pool if p is not winner]
    if not gazetteer.by_own_name(key, winner):
        others += [
            p
            for p in gazetteer.extending(key)
            if p.population >= TOWN_POPULATION and p is not winner and p not in others
        ]
    others.sort(key=lambda p: -p.population)
    others_kept = tuple(others[: MAX_CANDIDATES - 1])
    return PlaceMatch(winner, pool[:MAX_CANDIDATES], others_kept, district, ignored)


def choose(candidates: tuple[Place, ...]) -> Place | None:
    """The winner under the module's rule, from candidates sorted by population."""
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        return None
    top, rest = candidates[0], candidates[1:]
    if top.population < TOWN_POPULATION:
        return None
    if any(top.population < WINNER_FACTOR * p.population for p in rest):
        return None
    # A London area's size is unknown (GeoNames gives 0) but it is no hamlet.
    london = any(p.population == 0 and is_london(p.authority) for p in rest)
    if london and top.population < CITY_POPULATION:
        return None
    return top


def narrow(places: tuple[Place, ...], qualifier: str) -> tuple[Place, ...]:
    """The places that ``qualifier`` (a ``place_key``) describes; maybe none."""
    nation = _NATION_ALIASES.get(qualifier)
    code = qualifier.replace(" ", "").upper()
    return tuple(p for p in places if _describes(p, qualifier, nation, code))


def _describes(p: Place, qualifier: str, nation: str | None, code: str) -> bool:
    if p.nation == nation:
        return True
    if code and _AREA.fullmatch(code) and _area(p.district) == code:
        return True
    for value in (p.authority, p.county, p.near):
        key = place_key(value) if value else ""
        if key and qualifier in (key, _AUTHORITY_PREFIXES.sub("", key)):
            return True
    return qualifier == "london" and is_london(p.authority)


def is_london(authority: str) -> bool:
    """Whether a local authority is one of London's boroughs (or the City)."""
    key = place_key(authority)
    return key.startswith("london borough of") or key in _LONDON_OTHERS


def _split_trailing(gazetteer: Gazetteer, key: str) -> tuple[str, str]:
    """ "newport isle of wight" -> ("newport", "isle of wight") when the tail qualifies
    the head; else the key unchanged and no qualifier."""
    words = key.split()
    for n in range(1, min(MAX_QUALIFIER_WORDS, len(words) - 1) + 1):
        head, tail = " ".join(words[:-n]), " ".join(words[-n:])
        places = gazetteer.lookup(head)
        if places and (_OUTWARD.fullmatch(tail.upper()) or narrow(places, tail)):
            return head, tail
    return key, ""


def _area(district: str) -> str:
    return district[:2] if district[1:2].isalpha() else district[:1]
