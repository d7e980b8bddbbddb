"""Answering from the database when the index is missing or broken (``degraded``).

Slower and simpler than the engine, never wrong about who may be shown: the same
public-only rules, filters, radius, widening and facet counts, with words matched as substrings
(the stem's common prefix with the word, so "injections" finds "injection") and
results in distance or name order rather than by relevance.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from directory.extensions import db
from directory.geo.distance import bounding_box, haversine_miles
from directory.models import (
    Clinic,
    Practitioner,
    practitioner_clinics,
)
from directory.search import fallback_facets, fallback_filters, fallback_travel
from directory.search.engine import UNBOUNDED_MILES, WIDEN_COUNT, WIDEN_STEPS
from directory.search.facets import CLINIC_SWITCHES, FACETS
from directory.search.types import Hit, SearchQuery, SearchResults


def search(query: SearchQuery, today: date) -> SearchResults:
    """Answer ``query`` from the database alone; read only."""
    # Relevance needs the index; name order is honoured, as the engine does.
    sort = (
        query.effective_sort
        if query.effective_sort in ("name", "price")
        else ("distance" if query.has_point else "name")
    )
    results = SearchResults(
        total=0, page=query.page, per_page=query.per_page, degraded=True, sort=sort
    )
    every = _ranked(replace(query, checked="any"), today, sort)
    checked = fallback_filters.checked_ids({h.practitioner_id for h in every}, today)
    results.unchecked = sum(1 for h in every if h.practitioner_id not in checked)
    # Checked practitioners first (the sort is stable), unchecked ones only on request.
    hits = sorted(
        (h for h in every if not query.checked_only or h.practitioner_id in checked),
        key=lambda h: h.practitioner_id not in checked,
    )
    # (No widening for "comes to you": whoever travels to the point is already here.)
    if not hits and query.has_point and query.radius_miles and not query.mobile:
        base = fallback_filters.base(query, today)
        for radius in (r for r in WIDEN_STEPS if r > query.radius_miles):
            ranked = _within(base, query.lat, query.lon, radius)  # type: ignore[arg-type]
            near = fallback_filters.checked_ids({pid for _, pid, _ in ranked}, today)
            ranked = sorted(ranked, key=lambda r: r[1] not in near)[:WIDEN_COUNT]
            if ranked:
                results.widened, results.widened_radius_miles = True, radius
                results.sort = "distance"
                hits = [Hit(pid, 0.0, miles, clinic) for miles, pid, clinic in ranked]
                break
    results.total = len(hits)
    ids = {h.practitioner_id for h in hits}
    # As in the engine: each facet ignores its own filter, except for widened results.
    results.facets = fallback_facets.facets(
        {
            name: {h.practitioner_id for h in _ranked(_without(query, name), today)}
            if getattr(query, name) and not results.widened
            else ids
            for name in (*FACETS, *CLINIC_SWITCHES)
        },
        today,
        fallback_travel.mobile_ids(query),
    )
    if results.widened and query.page > 1:
        return results
    first = (query.page - 1) * query.per_page
    results.hits = hits[first : first + query.per_page]
    return results


def _without(query: SearchQuery, name: str) -> SearchQuery:
    """``query`` without its filter ``name`` (a facet, or a clinic switch)."""
    unset: dict[str, Any] = {name: None if name in FACETS else False}
    return replace(query, **unset)


def _ranked(query: SearchQuery, today: date, sort: str | None = None) -> list[Hit]:
    """Every match within the radius, nearest first (or in no particular order without
    a point), or by name when ``sort`` is "name"."""
    base = fallback_filters.base(query, today)
    if query.has_point:
        radius = query.radius_miles or UNBOUNDED_MILES
        ranked = _within(base, query.lat, query.lon, radius)  # type: ignore[arg-type]
        # Those who travel to the point come to the searcher: 0 miles, at any radius.
        coming = fallback_travel.travellers(base, query.lat, query.lon)  # type: ignore[arg-type]
        hits = [Hit(pid, 0.0, 0.0, None, miles) for pid, miles in sorted(coming.items())]
        hits += [
            Hit(pid, 0.0, miles, clinic)
            for miles, pid, clinic in ranked
            if pid not in coming and not query.mobile
        ]
        hits.sort(key=lambda h: (h.distance_miles, h.practitioner_id))
    else:
        hits = [Hit(pid, 0.0, None, None) for pid in db.session.scalars(base)]
    if sort == "price":
        hits = fallback_travel.by_price(hits, query.treatment)  # type: ignore[arg-type]
    if sort == "name":
        names = dict(
            db.session.execute(
                db.select(Practitioner.id, Practitioner.display_name).where(
                    Practitioner.id.in_(base)
                )
            ).all()
        )
        # casefold, like the index's sort key (SQL lower() differs outside ASCII)
        hits.sort(key=lambda h: (names[h.practitioner_id].casefold(), h.practitioner_id))
    return hits


def _within(base: Any, lat: float, lon: float, radius: float) -> list[tuple[float, int, int]]:
    """Sorted ``(miles, practitioner_id, nearest clinic id)`` within ``radius``."""
    south, west, north, east = bounding_box(lat, lon, radius)
    owner = practitioner_clinics.c.practitioner_id
    rows = db.session.execute(
        db.select(owner, Clinic.id, Clinic.latitude, Clinic.longitude)
        .join(Clinic, Clinic.id == practitioner_clinics.c.clinic_id)
        .where(
            owner.in_(base),
            Clinic.latitude.between(south, north),
            Clinic.longitude.between(west, east),
        )
    )
    best: dict[int, tuple[float, int]] = {}
    for pid, clinic, clat, clon in rows:
        miles = haversine_miles(lat, lon, clat, clon)
        if miles <= radius and (pid not in best or (miles, clinic) < best[pid]):
            best[pid] = (miles, clinic)
    return sorted((miles, pid, clinic) for pid, (miles, clinic) in best.items())
