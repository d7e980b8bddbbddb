"""Find a Practitioner: the one search service behind the public page and the JSON API.

``find`` checks the request, turns a typed location into a point (``geo.resolve``),
asks the search engine for one page of hits, and loads those practitioners with their
clinics, offers and credentials as plain rows in a fixed handful of queries, in hit
order. The page shows only what the public may see: practitioners still published at
load time, and only credentials that are current today.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from directory import clock, geo, search
from directory.services import finder_checks, finder_items

# Named here for the callers: the request's checks and the result cards.
from directory.services.finder_checks import COORDINATES as COORDINATES
from directory.services.finder_checks import MAX_PER_PAGE as MAX_PER_PAGE
from directory.services.finder_checks import MAX_RADIUS as MAX_RADIUS
from directory.services.finder_checks import FinderError as FinderError
from directory.services.finder_checks import coordinates as coordinates
from directory.services.finder_items import FinderItem as FinderItem
from directory.services.finder_items import load_items as load_items

Engine = Callable[[search.SearchQuery], search.SearchResults]


@dataclass(frozen=True)
class FinderResult:
    items: list[FinderItem]
    total: int
    page: int
    per_page: int
    location: geo.Resolution | None
    lat: float | None
    lon: float | None
    radius_miles: float | None
    sort: str
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    widened: bool = False
    widened_radius_miles: float | None = None
    suggestion: str | None = None
    degraded: bool = False
    matched_treatments: tuple[str, ...] = ()
    unchecked: int = 0  # unchecked matches: left out, or (with checked="any") shown last
    checked: str = "only"
    prescriber: bool = False

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def find(
    location: str | None,
    lat: float | None,
    lon: float | None,
    radius_miles: float,
    treatment: str | None,
    accreditation: str | Sequence[str] | None,
    q: str | None,
    sort: str | None,
    page: int,
    per_page: int,
    *,
    profession: str | None = None,
    weekends: bool = False,
    step_free: bool = False,
    registered: bool = False,
    language: str | None = None,
    max_price_pence: int | None = None,
    checked: str | None = None,
    prescriber: bool = False,
    mobile: bool = False,
    today: date | None = None,
    engine: Engine | None = None,
) -> FinderResult:
    """Search for practitioners; read only.

    Raises ``FinderError`` (codes "invalid_radius", "invalid_page", "invalid_per_page",
    "invalid_sort", "invalid_profession", "invalid_checked", "unknown_treatment",
    "unknown_accreditation", "unknown_language", "invalid_max_price",
    "invalid_coordinates") for a bad request, and lets ``geo.GeoError`` subclasses
    (with their own codes) propagate when ``location`` cannot be resolved. Several
    ``accreditation`` slugs mean any of them; ``sort="price"`` needs a treatment. Explicit
    ``lat``/``lon`` win over ``location``. ``engine`` replaces ``search.search``
    (benchmarks compare engines through this same path).
    """
    bodies = finder_checks.check(
        radius_miles,
        page,
        per_page,
        sort,
        treatment,
        accreditation,
        profession=profession,
        checked=checked,
        max_price_pence=max_price_pence,
        language=language,
    )
    resolution, lat, lon = finder_checks.point(location, lat, lon)
    day = today or clock.today()
    query = search.SearchQuery(
        text=(q or "").strip()[: finder_checks.MAX_QUERY_LENGTH] or None,
        lat=lat,
        lon=lon,
        radius_miles=float(radius_miles) if lat is not None else None,
        treatment=treatment or None,
        accreditation=bodies or None,
        profession=profession or None,
        sort=sort or None,
        page=page,
        per_page=per_page,
        weekends=weekends,
        step_free=step_free,
        registered=registered,
        language=language or None,
        max_price_pence=max_price_pence,
        checked=checked or "only",
        prescriber=bool(prescriber),
        mobile=bool(mobile),
    )
    results = engine(query) if engine else search.search(query, today=day)
    return FinderResult(
        items=finder_items.load_items(results, query.treatment, day),
        total=results.total,
        page=page,
        per_page=per_page,
        location=resolution,
        lat=lat,
        lon=lon,
        radius_miles=query.radius_miles,
        sort=results.sort,
        facets=results.facets,
        widened=results.widened,
        widened_radius_miles=results.widened_radius_miles,
        suggestion=results.suggestion,
        degraded=results.degraded,
        matched_treatments=results.matched_treatments,
        unchecked=results.unchecked,
        checked=query.checked,
        prescriber=query.prescriber,
    )
