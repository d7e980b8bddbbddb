"""The database cache of online answers (``GeocodeCache``), hits and misses alike.

It uses its own session and transaction, never the caller's ``db.session``: a cache
write must not commit, or be rolled back with, the practitioner save that triggered it,
and a cache failure (table missing, database locked) must not poison the caller's
transaction. Failures are logged and ignored; the cost is a repeated online request.
On SQLite a write waits for any open write transaction, so services should geocode
before they start writing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from directory.extensions import db
from directory.models.geocache import GeocodeCache

log = logging.getLogger(__name__)

# Places rarely move, but services improve and misses may be filled in: re-ask misses
# after a month, hits after a year.
HIT_TTL = timedelta(days=365)
MISS_TTL = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    found: bool
    address: str | None
    latitude: float | None
    longitude: float | None


def get(service: str, key: str, now: datetime | None = None) -> CachedAnswer | None:
    """The cached answer for ``(service, key)``, or None if absent, expired or unreadable."""
    try:
        with Session(db.engine) as session:
            row = session.execute(_select(service, key)).scalar_one_or_none()
    except SQLAlchemyError as exc:
        log.warning("Geocode cache unreadable: %s", exc)
        return None
    if row is None:
        return None
    age = (now or datetime.now(UTC)) - row.created_at
    if age > (HIT_TTL if row.found else MISS_TTL):
        return None
    return CachedAnswer(row.found, row.label, row.latitude, row.longitude)


def put(service: str, key: str, answer: Any | None) -> None:
    """Store a hit (a geopy ``Location``) or, for None, a miss. Commits its own
    transaction; never raises for database trouble."""
    try:
        with Session(db.engine) as session, session.begin():
            row = session.execute(_select(service, key)).scalar_one_or_none()
            if row is None:
                row = GeocodeCache(service=service, query_key=key)
                session.add(row)
            row.found = answer is not None
            row.label = str(answer.address)[:300] if answer is not None else None
            row.latitude = float(answer.latitude) if answer is not None else None
            row.longitude = float(answer.longitude) if answer is not None else None
            row.created_at = datetime.now(UTC)
    except SQLAlchemyError as exc:
        log.warning("Geocode cache not written: %s", exc)


def _select(service: str, key: str) -> Any:
    return db.select(GeocodeCache).where(
        GeocodeCache.service == service, GeocodeCache.query_key == key
    )
