"""``GET /api/v1/search``: the same search as the results page, as JSON.

Both run ``web.search_request.run`` on the same typed values, so for the same query
string they list the same practitioners in the same order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Response, jsonify
from flask.typing import ResponseReturnValue

from directory.api import serialise
from directory.errors import error_response
from directory.geo.errors import PlaceCandidate
from directory.services import profiles
from directory.services.finder import FinderItem, FinderResult
from directory.web import search_request
from directory.web.search_form import SearchForm

DEFAULT_PER_PAGE = 20


def respond(args: Mapping[str, str]) -> ResponseReturnValue:
    """200 with a page of results, or an error: 400 for bad input, 404
    ``unknown_location`` (with ``did_you_mean`` for a misspelt place), 422
    ``ambiguous_location`` with ``candidates``."""
    form = SearchForm.from_args(args)
    outcome = search_request.run(form, args.get("per_page") or DEFAULT_PER_PAGE)
    problem = outcome.problem
    if problem is not None:
        extra: dict[str, Any] = {"field": problem.param}
        if problem.candidates:
            extra["candidates"] = [_candidate(c) for c in problem.candidates]
        if problem.suggestion:
            extra["suggestion"] = problem.suggestion
        if problem.suggested:
            extra["did_you_mean"] = _candidate(problem.suggested)
        return error_response(problem.status, problem.code, problem.message, **extra)
    assert outcome.result is not None
    return _body(outcome.result)


def _body(result: FinderResult) -> Response:
    return jsonify(
        {
            "location": _location(result),
            "radius_miles": result.widened_radius_miles if result.widened else result.radius_miles,
            "requested_radius_miles": result.radius_miles,
            "total": result.total,
            "page": result.page,
            "per_page": result.per_page,
            "widened": result.widened,
            "sort": result.sort,
            "suggestion": result.suggestion,
            "degraded": result.degraded,
            "results": [_item(item) for item in result.items],
            "facets": result.facets,
            "checked": result.checked,
            "unchecked": result.unchecked,
            "prescriber": result.prescriber,
        }
    )


def _location(result: FinderResult) -> dict[str, Any] | None:
    where = result.location
    if where is not None:
        return {
            "query": where.query,
            "label": where.label,
            "lat": where.lat,
            "lon": where.lon,
            "precision": where.precision.value,
            "note": where.note,
            "candidates": [_candidate(c) for c in where.alternatives],
        }
    if result.lat is not None and result.lon is not None:
        label = f"{result.lat:.5f}, {result.lon:.5f}"
        return {
            "query": label,
            "label": label,
            "lat": result.lat,
            "lon": result.lon,
            "precision": "point",
            "note": None,
            "candidates": [],
        }
    return None


def _candidate(c: PlaceCandidate) -> dict[str, Any]:
    return {"label": c.label, "lat": c.lat, "lon": c.lon, "authority": c.authority}


def _item(item: FinderItem) -> dict[str, Any]:
    p, clinic = item.practitioner, item.clinic
    return {
        "id": p.id,
        "slug": p.slug,
        **serialise.standing(p, item.standing),
        "is_demo": p.is_demo,
        "distance_miles": serialise.miles(item.distance_miles),
        "comes_to_you_miles": item.travel_miles,
        "nearest_clinic": None
        if clinic is None
        else {
            "name": clinic.name,
            "town": clinic.town,
            "postcode": clinic.postcode,
            "lat": clinic.latitude,
            "lon": clinic.longitude,
            "registrations": [serialise.registration(r) for r in item.registrations],
        },
        "treatments": [serialise.offer(o) for o in (item.matching_treatments or item.treatments)],
        "credentials": [
            serialise.credential(b) for b in profiles.badges_from_claims(item.credentials)
        ],
        "url": serialise.profile_url(p.slug),
    }
