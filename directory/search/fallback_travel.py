"""The database path's home visits and price order (see ``fallback``).

The same definitions as the engine's (``coverage``, ``ordering``), written plainly: a
practitioner travels to a point when ``haversine_miles(point, base) <= miles``; price
order is the chosen treatment's "from" price, cheapest first, unpriced last, ties by id.
"""

from __future__ import annotations

from typing import Any

from directory.extensions import db
from directory.geo.distance import bounding_box, haversine_miles
from directory.models import Practitioner, Treatment, TreatmentOffer
from directory.search.types import Hit, SearchQuery

MAX_TRAVEL_MILES = 100  # the most a practitioner may say they travel (checked on saving)


def is_mobile() -> Any:
    """The condition "offers home visits from a located base"."""
    return (
        Practitioner.travel_miles.is_not(None)
        & Practitioner.travel_latitude.is_not(None)
        & Practitioner.travel_longitude.is_not(None)
    )


def travellers(base: Any, lat: float, lon: float) -> dict[int, int]:
    """Practitioner id -> miles, for those of ``base`` who travel to the point."""
    south, west, north, east = bounding_box(lat, lon, MAX_TRAVEL_MILES)
    rows = db.session.execute(
        db.select(
            Practitioner.id,
            Practitioner.travel_latitude,
            Practitioner.travel_longitude,
            Practitioner.travel_miles,
        ).where(
            Practitioner.id.in_(base),
            is_mobile(),
            Practitioner.travel_latitude.between(south, north),
            Practitioner.travel_longitude.between(west, east),
        )
    )
    return {
        pid: miles
        for pid, blat, blon, miles in rows
        if haversine_miles(lat, lon, blat, blon) <= miles
    }


def mobile_ids(query: SearchQuery) -> set[int]:
    """Who the "mobile" switch allows: with a point, those travelling to it; without,
    everyone published offering home visits."""
    published = db.select(Practitioner.id).where(Practitioner.is_public)
    if query.has_point:
        return set(travellers(published, query.lat, query.lon))  # type: ignore[arg-type]
    return set(db.session.scalars(published.where(is_mobile())))


def by_price(hits: list[Hit], treatment: str) -> list[Hit]:
    """``hits`` in price order for ``treatment``."""
    ids = [h.practitioner_id for h in hits]
    prices: dict[int, int | None] = {}
    stmt = (
        db.select(TreatmentOffer.practitioner_id, TreatmentOffer.price_from_pence)
        .join(Treatment)
        .where(Treatment.slug == treatment)
    )
    for start in range(0, len(ids), 900):
        prices.update(
            db.session.execute(
                stmt.where(TreatmentOffer.practitioner_id.in_(ids[start : start + 900]))
            ).all()
        )

    def key(hit: Hit) -> tuple[bool, int, int]:
        price = prices.get(hit.practitioner_id)
        return price is None, price or 0, hit.practitioner_id

    return sorted(hits, key=key)
