"""API v1: read-only JSON for partners and for our own tests, documented by OpenAPI.

Registered under ``/api/v1``. Errors come back as ``{"error": {"code", "message"}}``
through ``directory.errors`` (every ``/api/`` path answers JSON).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from flask import Blueprint, Response, jsonify, request
from flask.typing import ResponseReturnValue

from directory.api import openapi, search, serialise
from directory.auth import limits
from directory.errors import error_response
from directory.links import absolute_url
from directory.services import profiles
from directory.web import timing

COORDINATES_MESSAGE = "Give both a latitude and a longitude, in degrees."

bp = Blueprint("api", __name__)
limits.per_ip("API_IP")(bp)  # every endpoint of the API, per client address
timing.install(bp)


@bp.after_request
def _public_headers(response: Response) -> Response:
    # Public, read-only data: any site may call it from a browser.
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    return response


@bp.get("/search")
def search_practitioners() -> ResponseReturnValue:
    return search.respond(request.args)


@bp.get("/practitioners/<slug>")
def practitioner(slug: str) -> ResponseReturnValue:
    try:
        origin = _point(request.args)
    except ValueError:
        return error_response(400, "invalid_coordinates", COORDINATES_MESSAGE, field="lat")
    profile = profiles.build_profile(slug, origin)
    return jsonify(serialise.practitioner(profile))


def _point(args: Mapping[str, str]) -> tuple[float, float] | None:
    """``lat``/``lon`` as a point, None when neither is given. Raises ``ValueError`` when
    only one is given or either is not a finite number of degrees in range: a partner
    who sends a broken point should hear so, not get a profile without distances."""
    lat, lon = args.get("lat") or None, args.get("lon") or None
    if lat is None and lon is None:
        return None
    if lat is None or lon is None:
        raise ValueError("half a point")
    point = float(lat), float(lon)
    if not all(map(math.isfinite, point)) or abs(point[0]) > 90 or abs(point[1]) > 180:
        raise ValueError("not a point on Earth")
    return point


@bp.get("/treatments")
def treatments() -> Response:
    return jsonify({"treatments": [serialise.treatment(t) for t in profiles.list_treatments()]})


@bp.get("/accreditation-bodies")
def accreditation_bodies() -> Response:
    bodies = [serialise.body(b) for b in profiles.list_bodies()]
    return jsonify({"accreditation_bodies": bodies})


@bp.get("/openapi.json")
def openapi_document() -> Response:
    server = absolute_url("api.openapi_document").removesuffix("/openapi.json")
    return jsonify(openapi.document(server))
