"""The place gazetteer: every name a place is known by, and what tells namesakes apart.

Matching is on a *key* (``place_key``): case, accents and punctuation removed, hyphens
and apostrophes ignored, "&" read as "and", "Saint"/"St."/"St" made the same, so
"ST. ALBANS", "Saint Albans" and "st albans" all find St Albans. A place is indexed
under its own name and each of its kept alternate names ("Newcastle", "Caerdydd").
The rules that pick among the places a key finds are in ``place_rules``.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

NATION_NAMES = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}
_WORD_ALIASES = {"saint": "st", "ste": "st"}
_APOSTROPHES = re.compile(r"['\u2018\u2019`\u00b4]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
SUGGEST_CUTOFF = 0.8
AUTHORITY_PREFIXES = ("london borough of ", "royal borough of ", "city of ", "the ")


def place_key(text: str) -> str:
    """Return the matching key of a place name ("St. Alban's" -> "st albans")."""
    plain = text
    if not text.isascii():  # most names are: skip the (slow) accent stripping
        plain = unicodedata.normalize("NFKD", text)
        plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    plain = plain.lower()
    plain = _APOSTROPHES.sub("", plain).replace("&", " and ")
    words = _NON_WORD.sub(" ", plain).split()
    return " ".join(_WORD_ALIASES.get(w, w) for w in words)


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    lat: float
    lon: float
    population: int  # GeoNames' figure; 0 means unknown (and every London area)
    nation: str  # ENG, SCT, WLS or NIR
    district: str  # postcode district of the nearest unit postcode (or NI post town's)
    near: str  # nearest larger town; "" for the largest places
    authority: str = ""  # local authority ("Isle of Wight"); NI: the county
    county: str = ""  # former postal county ("Shropshire", "Essex", "London")
    aliases: tuple[str, ...] = ()

    @property
    def nation_name(self) -> str:
        return NATION_NAMES.get(self.nation, self.nation)

    @property
    def label(self) -> str:
        """ "Newport, Isle of Wight": the name and what tells it from its namesakes (the
        nation when the authority is named after the place: "Leeds, England")."""
        same = place_key(self.authority).removeprefix("city of ") == place_key(self.name)
        return f"{self.name}, {self.nation_name if same or not self.authority else self.authority}"

    @property
    def detailed_label(self) -> str:
        """The label with the postcode district, for namesakes in one authority."""
        return f"{self.label} ({self.district})" if self.district else self.label


class Gazetteer:
    """Places indexed by every key they answer to. Immutable once loaded, so safe to
    share between threads."""

    def __init__(self, places: list[Place]) -> None:
        by_key: dict[str, dict[int, Place]] = defaultdict(dict)
        primary: set[tuple[str, int]] = set()
        for place in places:
            own = place_key(place.name)
            by_key[own][id(place)] = place
            primary.add((own, id(place)))
            for alias in place.aliases:
                by_key[place_key(alias)].setdefault(id(place), place)
        self._by_key = {
            k: tuple(sorted(v.values(), key=lambda p: (-p.population, p.name, p.lat)))
            for k, v in by_key.items()
            if k
        }
        self._primary = primary
        by_authority: dict[str, list[Place]] = defaultdict(list)
        for place in places:
            if place.authority:
                key = place_key(place.authority)
                by_authority[key].append(place)
                for prefix in AUTHORITY_PREFIXES:
                    if key.startswith(prefix):
                        by_authority[key.removeprefix(prefix)].append(place)
        self._by_authority = {
            k: max(v, key=lambda p: (p.population, p.name)) for k, v in by_authority.items()
        }
        self._keys = sorted(self._by_key)
        # Did-you-mean looks only at keys that start with the same letter and are about
        # as long: a few hundred comparisons instead of every key.
        buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for key in self._keys:
            buckets[(key[0], len(key))].append(key)
        self._buckets = dict(buckets)
        self._count = len(places)

    @classmethod
    def load(cls, path: Path) -> Gazetteer:
        """Read ``places.csv`` as written by ``geo.build.places``. Raises OSError if missing."""
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
                        r.get("authority") or "",
                        r.get("county") or "",
                        tuple(a for a in (r.get("aliases") or "").split("|") if a),
                    )
                    for r in csv.DictReader(handle)
                ]
            )

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Place]:
        seen: set[int] = set()
        for group in self._by_key.values():
            for place in group:
                if id(place) not in seen:
                    seen.add(id(place))
                    yield place

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def lookup(self, key: str) -> tuple[Place, ...]:
        """The places answering to ``key`` (a ``place_key``), most populous first."""
        return self._by_key.get(key, ())

    def largest_in(self, authority_key: str) -> Place | None:
        """The most populous place of the local authority with that ``place_key``
        ("tower hamlets", "brighton and hove"), or None."""
        return self._by_authority.get(authority_key)

    def by_own_name(self, key: str, place: Place) -> bool:
        """Whether ``place`` answers to ``key`` by its own name, not an alternate one."""
        return (key, id(place)) in self._primary

    def extending(self, key: str) -> Iterator[Place]:
        """Places whose own name starts with the words of ``key`` ("newcastle" ->
        Newcastle under Lyme, Newcastle Emlyn)."""
        prefix = key + " "
        i = bisect_left(self._keys, prefix)
        while i < len(self._keys) and self._keys[i].startswith(prefix):
            for place in self._by_key[self._keys[i]]:
                if self.by_own_name(self._keys[i], place):
                    yield place
            i += 1

    def suggest(self, query: str) -> Place | None:
        """The most populous place with the closest-spelt key, for "did you mean ...?"."""
        key = place_key(query.partition(",")[0])
        if not key:
            return None
        lengths = range(len(key) - 2, len(key) + 3)
        pool = [k for n in lengths for k in self._buckets.get((key[0], n), ())]
        close = difflib.get_close_matches(key, pool, n=1, cutoff=SUGGEST_CUTOFF)
        return self._by_key[close[0]][0] if close else None
