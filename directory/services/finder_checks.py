"""The checks of a search request (``finder.find``): every parameter a person or a
client can get wrong, each refusal a ``FinderError`` naming its code and parameter,
and the one check of a point (``coordinates``) that the page and the API share too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from directory import geo, search
from directory.models import Profession
from directory.services import ServiceError
from directory.services.languages import LANGUAGES

MAX_RADIUS = 100.0  # any 0 < r <= MAX_RADIUS is accepted; forms offer fewer
MAX_PER_PAGE = 100
MAX_RESULTS_DEPTH = 10_000  # page * per_page: deeper paging is a scraper, not a person
MAX_QUERY_LENGTH = 200
MAX_PRICE_PENCE = 100_000_00


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


def check(
    radius_miles: float,
    page: int,
    per_page: int,
    sort: str | None,
    treatment: str | None,
    accreditation: str | Sequence[str] | None,
    *,
    profession: str | None,
    checked: str | None,
    max_price_pence: int | None,
    language: str | None,
) -> tuple[str, ...]:
    """The accreditation slugs asked for (several mean any of them); raises
    ``FinderError`` for the first parameter at fault (codes as ``finder.find`` lists)."""
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
    return bodies


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


def point(
    location: str | None, lat: float | None, lon: float | None
) -> tuple[geo.Resolution | None, float | None, float | None]:
    """The search's point: ``lat``/``lon`` when given (they win), else ``location``
    resolved (``geo.resolve``, whose errors propagate), with the resolution; no point
    when neither is given or the place has no coordinates."""
    given = coordinates(lat, lon)
    if given is not None:
        return None, *given
    if location and location.strip():
        resolution = geo.resolve(location.strip())
        if resolution.lat is None or resolution.lon is None:
            return resolution, None, None
        return resolution, resolution.lat, resolution.lon
    return None, None, None
