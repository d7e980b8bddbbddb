"""Builders for the search tests: practitioners placed exactly, searches on a fixed day.

Clinics are either geocoded from their postcode by the real offline tables (like a
practitioner's own clinic) or put at an exact distance and bearing from a real
postcode's point, which is how the radius-edge tests get a clinic at 9.9 miles.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path

from factories import (  # noqa: F401  (re-exported for the search tests)
    Point,
    add_practitioner,
    clinic_at,
    clinic_in,
)
from sqlalchemy import text

from directory import geo, search
from directory.extensions import db
from directory.models import Practitioner, SearchOutbox

REPO_ROOT = Path(__file__).resolve().parents[3]
TODAY = date(2026, 6, 1)
YESTERDAY = TODAY - timedelta(days=1)
TOMORROW = TODAY + timedelta(days=1)
NEXT_YEAR = TODAY + timedelta(days=365)
LEEDS = "LS1 4AP"  # a real unit postcode: the usual centre of a search


def forget_queued_changes() -> None:
    """Empty the search outbox and number it afresh, as on a new database (replicas
    would otherwise watch the deleted rows' ids as gaps for a second or so); commits."""
    db.session.execute(db.delete(SearchOutbox))
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ALTER SEQUENCE search_outbox_id_seq RESTART"))
    else:
        db.session.execute(text("DELETE FROM sqlite_sequence WHERE name = 'search_outbox'"))
    db.session.commit()


def point_of(postcode: str) -> Point:
    """The real offline tables' point for ``postcode``."""
    found = geo.resolve(postcode)
    return found.lat, found.lon


def offset(origin: Point, miles: float, bearing_degrees: float = 90.0) -> Point:
    """The point ``miles`` from ``origin`` along ``bearing_degrees`` on the same sphere
    as ``haversine_miles`` (so the distance measured back agrees to ~1e-9 miles)."""
    lat1, lon1 = map(math.radians, origin)
    bearing = math.radians(bearing_degrees)
    angle = miles / geo.EARTH_RADIUS_MILES
    lat2 = math.asin(
        math.sin(lat1) * math.cos(angle) + math.cos(lat1) * math.sin(angle) * math.cos(bearing)
    )
    lon2 = lon1 + math.atan2(
        math.sin(bearing) * math.sin(angle) * math.cos(lat1),
        math.cos(angle) - math.sin(lat1) * math.sin(lat2),
    )
    return math.degrees(lat2), math.degrees(lon2)


def find(
    text: str | None = None, *, near: Point | None = None, today: date = TODAY, **options: object
) -> search.SearchResults:
    """``search.search`` on ``today``; ``near`` is the (lat, lon) of the search.
    Unchecked practitioners take part (``checked="any"``) unless ``checked`` is given:
    most search tests are about matching and order, not about who is checked."""
    lat, lon = near if near is not None else (None, None)
    options.setdefault("checked", "any")
    return search.search(
        search.SearchQuery(text=text, lat=lat, lon=lon, **options),  # type: ignore[arg-type]
        today=today,
    )


def slugs(results: search.SearchResults) -> list[str]:
    """The hits' practitioner slugs, in hit order."""
    ids = [hit.practitioner_id for hit in results.hits]
    by_id = dict(
        db.session.execute(
            db.select(Practitioner.id, Practitioner.slug).where(Practitioner.id.in_(ids))
        ).all()
    )
    return [by_id[i] for i in ids]


def found(text: str | None = None, **options: object) -> list[str]:
    """Slugs of every hit (one big page), in order; the search must not be degraded."""
    results = find(text, per_page=100, **options)  # type: ignore[arg-type]
    assert not results.degraded
    return slugs(results)
