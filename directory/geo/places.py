"""Place names: matching what people type against the gazetteer, and choosing.

Matching is on a *key*: case, accents and punctuation removed, "Saint"/"St."/"St" made
the same, so "ST. ALBANS", "Saint Albans" and "st albans" all find St Albans.

The choosing rule, when several places share the key, is:

* the most populous wins outright if it has at least ``TOWN_POPULATION`` people and at
  least ``WINNER_FACTOR`` times the population of the next (GeoNames' 0 means
  "unknown" and counts as 0): "Newport" is Newport, Wales (161k against 25k);
* otherwise the name is ambiguous and every candidate is offered ("Woodford").

"Name, qualifier" narrows the candidates when the qualifier is a nation ("Newport,
Wales"), a postcode district or area ("Newport, PO30") or the nearby town ("Woodford,
Kettering"); an unrecognised qualifier ("Woodford, Essex") is ignored.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TOWN_POPULATION = 10_000
WINNER_FACTOR = 5
MAX_CANDIDATES = 10
NATION_NAMES = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}
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
_WORD_ALIASES = {"saint": "st", "ste": "st"}
_APOSTROPHES = re.compile(r"['\u2018\u2019`\u00b4]")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def place_key(text: str) -> str:
    """Return the matching key of a place name ("St. Alban's" -> "st albans")."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    plain = _APOSTROPHES.sub("", plain).replace("&", " and ")
    words = _NON_WORD.sub(" ", plain).split()
    return " ".join(_WORD_ALIASES.get(w, w) for w in words)


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    lat: float
    lon: float
    population: int
    nation: str  # ENG, SCT, WLS or NIR
    district: str  # postcode district of the nearest unit postcode; "" in NI
    near: str  # nearest larger town; "" for the largest places

    @property
    def nation_name(self) -> str:
        return NATION_NAMES.get(self.nation, self.nation)

    @property
    def label(self) -> str:
        """ "Newport, Wales (NP20, near Cardiff)": enough to tell namesakes apart."""
        details = ", ".join(x for x in (self.district, self.near and f"near {self.near}") if x)
        return f"{self.name}, {self.nation_name}" + (f" ({details})" if details else "")


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """The outcome of a name search: a ``winner``, or ambiguous ``candidates``, or neither."""

    winner: Place | None
    candidates: tuple[Place, ...]


class Gazetteer:
    """Places indexed by key. Immutable once loaded, so safe to share between threads."""

    def __init__(self, places: list[Place]) -> None:
        by_key: dict[str, list[Place]] = defaultdict(list)
        for place in places:
            by_key[place_key(place.name)].append(place)
        self._by_key = {k: tuple(sorted(v, key=lambda p: -p.population)) for k, v in by_key.items()}

    @classmethod
    def load(cls, path: Path) -> Gazetteer:
        """Read ``places.csv`` as written by ``build_places``. Raises OSError if missing."""
        with path.open(newline="", encoding="utf-8") as handle:
            return cls(
                [
                    Place(
                        r["name"],
                        float(r["lat"]),
                        float(r["lon"]),
                        int(r["population"]),
                        r["nation"],
                        r["district"],
                        r["near"],
                    )
                    for r in csv.DictReader(handle)
                ]
            )

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_key.values())

    def __iter__(self) -> Iterator[Place]:
        for group in self._by_key.values():
            yield from group

    def find(self, query: str) -> PlaceMatch:
        """Apply the module's matching and choosing rules to ``query``. Never raises."""
        name, _, qualifier = query.partition(",")
        candidates = self._by_key.get(place_key(name), ())
        narrowed = _narrow(candidates, place_key(qualifier)) if qualifier else ()
        pool = narrowed or candidates
        return PlaceMatch(choose(pool), pool[:MAX_CANDIDATES])

    def suggest(self, query: str) -> str | None:
        """The name of the closest-spelt place, for "did you mean ...?", or None."""
        key = place_key(query.partition(",")[0])
        close = difflib.get_close_matches(key, list(self._by_key), n=1, cutoff=0.8)
        return self._by_key[close[0]][0].name if close else None


def choose(candidates: tuple[Place, ...]) -> Place | None:
    """The winner under the module's rule, from candidates sorted by population."""
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) >= 2:
        top, runner_up = candidates[0], candidates[1]
        if top.population >= TOWN_POPULATION and top.population >= (
            WINNER_FACTOR * runner_up.population
        ):
            return top
    return None


def _narrow(candidates: tuple[Place, ...], qualifier: str) -> tuple[Place, ...]:
    nation = _NATION_ALIASES.get(qualifier)
    code = qualifier.replace(" ", "").upper()
    return tuple(
        p
        for p in candidates
        if p.nation == nation
        or (code and (p.district == code or _area(p.district) == code))
        or (p.near and place_key(p.near) == qualifier)
    )


def _area(district: str) -> str:
    return district[:2] if district[1:2].isalpha() else district[:1]
