"""Answering from the database when the index is missing or broken (``degraded``).

Slower and simpler than the engine, never wrong about who may be shown: the same
public-only rules, filters, radius, widening and facet counts, with words matched as substrings
(the stem's common prefix with the word, so "injections" finds "injection") and
results in distance or name order rather than by relevance.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import String, cast, or_

from directory.extensions import db
from directory.geo.distance import bounding_box, haversine_miles
from directory.models import (
    AccreditationBody,
    BodyKind,
    Clinic,
    ClinicRegistration,
    CredentialClaim,
    OpeningHours,
    Practitioner,
    RegistrationKind,
    Treatment,
    TreatmentOffer,
    practitioner_clinics,
)
from directory.models.credentials import registers_profession, shows_prescriber
from directory.models.opening_hours import WEEKEND
from directory.search import analysis, fallback_travel
from directory.search.engine import (
    CLINIC_SWITCHES,
    FACETS,
    REGULATED,
    UNBOUNDED_MILES,
    WIDEN_COUNT,
    WIDEN_STEPS,
)
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
    checked = _checked_ids({h.practitioner_id for h in every}, today)
    results.unchecked = sum(1 for h in every if h.practitioner_id not in checked)
    # Checked practitioners first (the sort is stable), unchecked ones only on request.
    hits = sorted(
        (h for h in every if not query.checked_only or h.practitioner_id in checked),
        key=lambda h: h.practitioner_id not in checked,
    )
    # (No widening for "comes to you": whoever travels to the point is already here.)
    if not hits and query.has_point and query.radius_miles and not query.mobile:
        base = _base(query, today)
        for radius in (r for r in WIDEN_STEPS if r > query.radius_miles):
            ranked = _within(base, query.lat, query.lon, radius)  # type: ignore[arg-type]
            near = _checked_ids({pid for _, pid, _ in ranked}, today)
            ranked = sorted(ranked, key=lambda r: r[1] not in near)[:WIDEN_COUNT]
            if ranked:
                results.widened, results.widened_radius_miles = True, radius
                results.sort = "distance"
                hits = [Hit(pid, 0.0, miles, clinic) for miles, pid, clinic in ranked]
                break
    results.total = len(hits)
    ids = {h.practitioner_id for h in hits}
    # As in the engine: each facet ignores its own filter, except for widened results.
    results.facets = _facets(
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
    base = _base(query, today)
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


def _base(query: SearchQuery, today: date) -> Any:
    """A subquery of the ids matching everything but the radius."""
    stmt = db.select(Practitioner.id).where(Practitioner.is_public)
    current = CredentialClaim.is_current(today)
    if query.checked_only:
        stmt = stmt.where(Practitioner.claims.any(current))
    if query.prescriber:
        stmt = stmt.where(Practitioner.id.in_(_prescribers(today)))
    if query.treatment:
        offered = TreatmentOffer.treatment.has(Treatment.slug == query.treatment)
        stmt = stmt.where(Practitioner.offers.any(offered))
    if query.bodies:
        stmt = stmt.where(
            Practitioner.claims.any(
                current & CredentialClaim.body.has(AccreditationBody.slug.in_(query.bodies))
            )
        )
    if query.profession == REGULATED:
        stmt = stmt.where(
            Practitioner.claims.any(
                current & CredentialClaim.body.has(AccreditationBody.kind == BodyKind.REGULATOR)
            )
        )
    elif query.profession:
        stmt = stmt.where(
            Practitioner.profession == query.profession,
            Practitioner.id.in_(_profession_checked(today)),
        )
    if query.language:
        stmt = stmt.where(_speaks(query.language))
    if query.treatment and query.max_price_pence is not None:
        stmt = stmt.where(
            Practitioner.offers.any(
                TreatmentOffer.treatment.has(Treatment.slug == query.treatment)
                & (TreatmentOffer.price_from_pence <= query.max_price_pence)
            )
        )
    for name, clinic_has in _switches(today).items():
        if getattr(query, name):
            stmt = stmt.where(Practitioner.clinics.any(clinic_has))
    if query.mobile:  # with a point, ``_ranked`` keeps only those who travel to it
        stmt = stmt.where(fallback_travel.is_mobile())
    for word in analysis.query_words(query.text or ""):
        stmt = stmt.where(_word_matches(word))
    return stmt


def _switches(today: date) -> dict[str, Any]:
    """Each clinic switch of ``CLINIC_SWITCHES`` as a condition on one clinic."""
    return {
        "weekends": Clinic.hours.any(OpeningHours.weekday.in_(WEEKEND)),
        "step_free": Clinic.step_free.is_(True),
        "registered": Clinic.registrations.any(
            ClinicRegistration.is_current(today)
            & (ClinicRegistration.kind == RegistrationKind.REGULATOR)
        ),
    }


def _speaks(code: str) -> Any:
    # The JSON list as text on every backend; codes are letters only, so a quoted
    # code cannot match part of another.
    return cast(Practitioner.languages, String).like(f'%"{code}"%')


def _checked_ids(ids: set[int], today: date) -> set[int]:
    """Those of ``ids`` with a current credential."""
    owner = CredentialClaim.practitioner_id
    stmt = db.select(owner).where(CredentialClaim.is_current(today))
    return {
        pid
        for chunk in _chunks(sorted(ids))
        for pid in db.session.scalars(stmt.where(owner.in_(chunk)))
    }


def _regulator_claims(today: date) -> Any:
    return (
        db.select(
            CredentialClaim.practitioner_id,
            Practitioner.profession,
            AccreditationBody.kind,
            AccreditationBody.slug,
            AccreditationBody.professions,
            CredentialClaim.prescriber,
        )
        .select_from(CredentialClaim)
        .join(AccreditationBody, AccreditationBody.id == CredentialClaim.body_id)
        .join(Practitioner, Practitioner.id == CredentialClaim.practitioner_id)
        .where(CredentialClaim.is_current(today), AccreditationBody.kind == BodyKind.REGULATOR)
    )


def _profession_checked(today: date) -> list[int]:
    """Ids whose stated profession a current statutory registration confirms (the
    bodies' professions are JSON, judged in Python like the index does)."""
    return [
        pid
        for pid, profession, kind, _, professions, _ in db.session.execute(_regulator_claims(today))
        if registers_profession(BodyKind(kind), professions, str(profession))
    ]


def _prescribers(today: date) -> list[int]:
    return [
        pid
        for pid, _, kind, slug, _, prescriber in db.session.execute(_regulator_claims(today))
        if shows_prescriber(BodyKind(kind), slug, prescriber)
    ]


def _word_matches(word: str) -> Any:
    pattern = f"%{os.path.commonprefix([word, analysis.stem(word)])}%"
    return or_(
        Practitioner.display_name.ilike(pattern),
        Practitioner.title.ilike(pattern),
        Practitioner.bio.ilike(pattern),
        Practitioner.clinics.any(
            or_(
                Clinic.name.ilike(pattern),
                Clinic.town.ilike(pattern),
                Clinic.postcode.ilike(pattern),
            )
        ),
        Practitioner.offers.any(
            TreatmentOffer.treatment.has(
                or_(Treatment.name.ilike(pattern), cast(Treatment.synonyms, String).ilike(pattern))
            )
        ),
    )


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


def _facets(
    within: dict[str, set[int]], today: date, mobile: set[int]
) -> dict[str, dict[str, int]]:
    """Counts per facet, each over its own practitioner ids in ``within``; ``mobile``
    holds the ids the "mobile" switch allows."""
    every = set().union(*within.values())
    counts: dict[str, dict[str, int]] = {name: {} for name in (*FACETS, "clinic")}
    if not every:
        return counts
    if found := len(within["mobile"] & mobile):
        counts["clinic"]["mobile"] = found
    for name, clinic_has in _switches(today).items():
        having = db.select(Practitioner.id).where(Practitioner.clinics.any(clinic_has))
        if found := len(
            {
                pid
                for chunk in _chunks(sorted(within[name]))
                for pid in db.session.scalars(having.where(Practitioner.id.in_(chunk)))
            }
        ):
            counts["clinic"][name] = found
    spoken = db.select(Practitioner.id, Practitioner.languages)
    for chunk in _chunks(sorted(within["language"])):
        for _, codes in db.session.execute(spoken.where(Practitioner.id.in_(chunk))):
            for code in set(codes or []):
                counts["language"][code] = counts["language"].get(code, 0) + 1
    regulator = AccreditationBody.kind == BodyKind.REGULATOR
    queries = {
        "treatment": db.select(TreatmentOffer.practitioner_id, Treatment.slug).join(Treatment),
        "accreditation": db.select(CredentialClaim.practitioner_id, AccreditationBody.slug)
        .join(AccreditationBody)
        .where(CredentialClaim.is_current(today)),
        "profession": db.select(Practitioner.id, Practitioner.profession).where(
            Practitioner.id.in_(_profession_checked(today))
        ),
        REGULATED: db.select(CredentialClaim.practitioner_id, AccreditationBody.kind)
        .join(AccreditationBody)
        .where(CredentialClaim.is_current(today), regulator),
    }
    for name, stmt in queries.items():
        ids = within["profession" if name == REGULATED else name]
        owner = stmt.selected_columns[0]
        # Chunks keep the IN lists within every backend's parameter limits.
        pairs = {
            (pid, str(value))
            for chunk in _chunks(sorted(ids))
            for pid, value in db.session.execute(stmt.where(owner.in_(chunk)))
        }
        if name == REGULATED:
            if regulated := len({pid for pid, _ in pairs}):
                counts["profession"][REGULATED] = regulated
            continue
        for _, value in pairs:
            counts[name][value] = counts[name].get(value, 0) + 1
    return {k: dict(sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))) for k, v in counts.items()}


def _chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]
