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
from directory.models import Profession
from directory.services import ServiceError, finder_rows, trust
from directory.services.finder_rows import (
    CardClaim,
    CardClinic,
    CardData,
    CardOffer,
    CardPractitioner,
    CardRegistration,
)
from directory.services.languages import LANGUAGES

MAX_RADIUS = 100.0  # any 0 < r <= MAX_RADIUS is accepted; forms offer fewer
MAX_PER_PAGE = 100
MAX_RESULTS_DEPTH = 10_000  # page * per_page: deeper paging is a scraper, not a person
MAX_QUERY_LENGTH = 200
MAX_PRICE_PENCE = 100_000_00

Engine = Callable[[search.SearchQuery], search.SearchResults]


class FinderError(ServiceError):
    """The search request itself is invalid (answered 400): ``code`` says how, ``field``
    names the search parameter at fault."""

    def __init__(self, message: str, code: str, field: str) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


COORDINATES = "Give both a latitude and a longitude, in degrees."


def coordinates(
    lat: str | float | None, lon: str | float | None, field: str = "location"
) -> tuple[float, float] | None:
    """The point ``lat``/``lon`` (numbers, or text as typed); None when neither is given
    (None or ""). Raises ``FinderError`` "invalid_coordinates" about ``field`` when only
    one is given, or either is not a finite number of degrees in range. The one check
    of a point for the search, the page and the API."""
    if lat in (None, "") and lon in (None, ""):
        return None
    try:
        point = float(lat), float(lon)  # type: ignore[arg-type]  # None: caught below
    except (TypeError, ValueError):
        raise FinderError(COORDINATES, "invalid_coordinates", field) from None
    if not all(map(math.isfinite, point)) or abs(point[0]) > 90 or abs(point[1]) > 180:
        raise FinderError(COORDINATES, "invalid_coordinates", field)
    return point


@dataclass(frozen=True)
class FinderItem:
    practitioner: CardPractitioner
    distance_miles: float | None
    clinic: CardClinic | None  # nearest to the point, else the first
    treatments: list[CardOffer]  # matching ones first
    matching_treatments: list[CardOffer]
    credentials: list[CardClaim]  # current on the day of the search only
    standing: trust.Standing  # what of the practitioner's own statements is checked
    # The shown clinic's registrations current on the day of the search (regulator first).
    registrations: list[CardRegistration] = field(default_factory=list)
    # They travel to the searcher, up to this many miles (then ``distance_miles`` is 0).
    travel_miles: int | None = None

    @property
    def checked(self) -> bool:
        return self.standing.checked


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
    _check_paging(page, per_page)
    _check_radius(radius_miles)
    if sort not in (None, "", *search.types.SORTS):
        raise FinderError(
            f"Sort by one of {', '.join(search.types.SORTS)}.", "invalid_sort", "sort"
        )
    if sort == "price" and not treatment:
        raise FinderError("Choose a treatment to sort by its price.", "invalid_sort", "sort")
    bodies = (accreditation,) if isinstance(accreditation, str) else tuple(accreditation or ())
    bodies = tuple(b for b in bodies if b)
    if profession not in (None, "", search.types.REGULATED, *(p.value for p in Profession)):
        raise FinderError(
            f"'{profession}' is not a profession we list.", "invalid_profession", "profession"
        )
    if checked not in (None, "", *search.types.CHECKED_CHOICES):
        raise FinderError("Say checked=only or checked=any.", "invalid_checked", "checked")
    _check_slugs(treatment or None, bodies)
    if max_price_pence is not None:
        if not treatment:
            raise FinderError(
                "Choose a treatment to set a most you will pay for it.",
                "invalid_max_price",
                "max_price",
            )
        if not 0 < max_price_pence <= MAX_PRICE_PENCE:
            raise FinderError(
                "Give a price up to £100,000, like 200.", "invalid_max_price", "max_price"
            )
    if language and language not in LANGUAGES:
        raise FinderError(
            f"'{language}' is not a language we list.", "unknown_language", "language"
        )
    resolution, lat, lon = _point(location, lat, lon)
    day = today or clock.today()
    query = search.SearchQuery(
        text=(q or "").strip()[:MAX_QUERY_LENGTH] or None,
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
        items=load_items(results, query.treatment, day),
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


def _check_paging(page: int, per_page: int) -> None:
    if not isinstance(page, int) or page < 1:
        raise FinderError("Page numbers start at 1.", "invalid_page", "page")
    if not isinstance(per_page, int) or not 1 <= per_page <= MAX_PER_PAGE:
        raise FinderError(
            f"Show between 1 and {MAX_PER_PAGE} results a page.", "invalid_per_page", "per_page"
        )
    if page * per_page > MAX_RESULTS_DEPTH:
        raise FinderError(
            "That page is too far in; narrow the search instead.", "invalid_page", "page"
        )


def _check_radius(radius: float) -> None:
    finite = isinstance(radius, int | float) and math.isfinite(radius)
    if not finite or not 0 < radius <= MAX_RADIUS:
        raise FinderError(
            f"Choose a distance up to {MAX_RADIUS:g} miles.", "invalid_radius", "radius"
        )


def _check_slugs(treatment: str | None, bodies: tuple[str, ...]) -> None:
    from directory.services.taxonomy_cache import taxonomy

    treatments, listed = taxonomy()
    chosen = bodies
    if treatment and treatment not in {t.slug for t in treatments}:
        raise FinderError(f"There is no treatment '{treatment}'.", "unknown_treatment", "treatment")
    known = {b.slug for b in listed}
    for slug in chosen:
        if slug not in known:
            raise FinderError(
                f"There is no accreditation body '{slug}'.",
                "unknown_accreditation",
                "accreditation",
            )


def _point(
    location: str | None, lat: float | None, lon: float | None
) -> tuple[geo.Resolution | None, float | None, float | None]:
    point = coordinates(lat, lon)
    if point is not None:
        return None, *point
    if location and location.strip():
        resolution = geo.resolve(location.strip())
        if resolution.lat is None or resolution.lon is None:
            return resolution, None, None
        return resolution, resolution.lat, resolution.lon
    return None, None, None


def load_items(
    results: search.SearchResults, treatment: str | None, today: date
) -> list[FinderItem]:
    """The hits' practitioners with everything a result card shows, in hit order.

    Four statements for the whole page, read as plain rows (``finder_rows``). A hit
    whose practitioner is no longer published (the index lags by about a second) is
    dropped.
    """
    found = finder_rows.load([hit.practitioner_id for hit in results.hits])
    wanted = ([treatment] if treatment else []) + list(results.matched_treatments)
    items = []
    for hit in results.hits:
        data = found.get(hit.practitioner_id)
        if data is not None:
            items.append(_item(data, hit, wanted, today))
    return items


def _item(data: CardData, hit: search.Hit, wanted: list[str], today: date) -> FinderItem:
    rank = {slug: i for i, slug in reversed(list(enumerate(wanted)))}
    offers = sorted(
        data.offers, key=lambda o: (rank.get(o.treatment.slug, len(rank)), o.treatment.name)
    )
    matching = [o for o in offers if o.treatment.slug in rank]
    clinics = data.clinics
    clinic = next((c for c in clinics if c.id == hit.clinic_id), clinics[0] if clinics else None)
    credentials = sorted((c for c in data.claims if c.is_current(today)), key=lambda c: c.body.name)
    registrations = (
        [r for r in data.registrations.get(clinic.id, []) if r.is_current(today)]
        if clinic is not None
        else []
    )
    return FinderItem(
        data.practitioner,
        hit.distance_miles,
        clinic,
        offers,
        matching,
        credentials,
        trust.standing(data.practitioner, credentials),
        registrations,
        hit.travel_miles,
    )
