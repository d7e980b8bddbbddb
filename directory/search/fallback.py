"""Answering from the database when the index is missing or broken (``degraded``).

Slower and simpler than the engine, never wrong about who may be shown: the same
public-only rules, filters, radius and widening, with words matched as substrings
(the stem's common prefix with the word, so "injections" finds "injection") and
results in distance or name order rather than by relevance.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from sqlalchemy import String, cast, or_

from directory.extensions import db
from directory.geo.distance import bounding_box, haversine_miles
from directory.models import (
    AccreditationBody,
    BodyKind,
    ClaimStatus,
    Clinic,
    CredentialClaim,
    Practitioner,
    PublicationState,
    Treatment,
    TreatmentOffer,
    practitioner_clinics,
)
from directory.search import analysis
from directory.search.engine import REGULATED, UNBOUNDED_MILES, WIDEN_COUNT, WIDEN_STEPS
from directory.search.types import Hit, SearchQuery, SearchResults


def search(query: SearchQuery, today: date) -> SearchResults:
    """Answer ``query`` from the database alone; read only."""
    base = _base(query, today)
    sort = "distance" if query.has_point else "name"
    results = SearchResults(total=0, page=query.page, per_page=query.per_page,
                            degraded=True, sort=sort)
    if query.has_point:
        ranked = _within(base, query.lat, query.lon, query.radius_miles or UNBOUNDED_MILES)  # type: ignore[arg-type]
        if not ranked and query.radius_miles:
            for radius in (r for r in WIDEN_STEPS if r > query.radius_miles):
                ranked = _within(base, query.lat, query.lon, radius)[:WIDEN_COUNT]  # type: ignore[arg-type]
                if ranked:
                    results.widened, results.widened_radius_miles = True, radius
                    break
        hits = [Hit(pid, 0.0, miles, clinic) for miles, pid, clinic in ranked]
    else:
        order = db.select(Practitioner.id).where(Practitioner.id.in_(base))
        order = order.order_by(db.func.lower(Practitioner.display_name), Practitioner.id)
        hits = [Hit(pid, 0.0, None, None) for pid in db.session.scalars(order)]
    results.total = len(hits)
    results.facets = _facets({h.practitioner_id for h in hits}, base, today)
    first = (query.page - 1) * query.per_page
    results.hits = hits[first : first + query.per_page] if not results.widened or query.page == 1 else []
    return results


def _base(query: SearchQuery, today: date) -> Any:
    """A subquery of the ids matching everything but the radius."""
    stmt = db.select(Practitioner.id).where(Practitioner.state == PublicationState.PUBLISHED)
    if query.treatment:
        stmt = stmt.where(Practitioner.offers.any(TreatmentOffer.treatment.has(Treatment.slug == query.treatment)))
    if query.accreditation:
        stmt = stmt.where(Practitioner.claims.any(_current(today) & CredentialClaim.body.has(
            AccreditationBody.slug == query.accreditation)))
    if query.profession == REGULATED:
        stmt = stmt.where(Practitioner.claims.any(_current(today) & CredentialClaim.body.has(
            AccreditationBody.kind == BodyKind.REGULATOR)))
    elif query.profession:
        stmt = stmt.where(Practitioner.profession == query.profession)
    for word in analysis.query_words(query.text or ""):
        stmt = stmt.where(_word_matches(word))
    return stmt


def _current(today: date) -> Any:
    return (CredentialClaim.status == ClaimStatus.VERIFIED) & (
        (CredentialClaim.expires_on.is_(None)) | (CredentialClaim.expires_on >= today)
    )


def _word_matches(word: str) -> Any:
    pattern = f"%{os.path.commonprefix([word, analysis.stem(word)])}%"
    return or_(
        Practitioner.display_name.ilike(pattern),
        Practitioner.title.ilike(pattern),
        Practitioner.bio.ilike(pattern),
        Practitioner.clinics.any(or_(Clinic.name.ilike(pattern), Clinic.town.ilike(pattern),
                                     Clinic.postcode.ilike(pattern))),
        Practitioner.offers.any(TreatmentOffer.treatment.has(or_(
            Treatment.name.ilike(pattern), cast(Treatment.synonyms, String).ilike(pattern)))),
    )


def _within(base: Any, lat: float, lon: float, radius: float) -> list[tuple[float, int, int]]:
    """Sorted ``(miles, practitioner_id, nearest clinic id)`` within ``radius``."""
    south, west, north, east = bounding_box(lat, lon, radius)
    owner = practitioner_clinics.c.practitioner_id
    rows = db.session.execute(
        db.select(owner, Clinic.id, Clinic.latitude, Clinic.longitude)
        .join(Clinic, Clinic.id == practitioner_clinics.c.clinic_id)
        .where(owner.in_(base), Clinic.latitude.between(south, north),
               Clinic.longitude.between(west, east))
    )
    best: dict[int, tuple[float, int]] = {}
    for pid, clinic, clat, clon in rows:
        miles = haversine_miles(lat, lon, clat, clon)
        if miles <= radius and (pid not in best or (miles, clinic) < best[pid]):
            best[pid] = (miles, clinic)
    return sorted((miles, pid, clinic) for pid, (miles, clinic) in best.items())


def _facets(ids: set[int], base: Any, today: date) -> dict[str, dict[str, int]]:
    """Facet counts over ``ids`` (rows are fetched for ``base`` and filtered here, which
    keeps the SQL free of huge IN lists)."""
    counts: dict[str, dict[str, int]] = {"treatment": {}, "accreditation": {}, "profession": {}}
    if not ids:
        return counts
    regulator = AccreditationBody.kind == BodyKind.REGULATOR
    queries = {
        "treatment": db.select(TreatmentOffer.practitioner_id, Treatment.slug).join(Treatment)
        .where(TreatmentOffer.practitioner_id.in_(base)),
        "accreditation": db.select(CredentialClaim.practitioner_id, AccreditationBody.slug)
        .join(AccreditationBody).where(CredentialClaim.practitioner_id.in_(base), _current(today)),
        "profession": db.select(Practitioner.id, Practitioner.profession).where(Practitioner.id.in_(base)),
        REGULATED: db.select(CredentialClaim.practitioner_id, AccreditationBody.kind)
        .join(AccreditationBody).where(CredentialClaim.practitioner_id.in_(base), _current(today), regulator),
    }
    for name, stmt in queries.items():
        pairs = {(pid, str(value)) for pid, value in db.session.execute(stmt) if pid in ids}
        if name == REGULATED:
            regulated = len({pid for pid, _ in pairs})
            if regulated:
                counts["profession"][REGULATED] = regulated
            continue
        for _, value in pairs:
            counts[name][value] = counts[name].get(value, 0) + 1
    return {k: dict(sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))) for k, v in counts.items()}
