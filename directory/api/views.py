"""API v1: read-only JSON for partners and for our own tests, documented by OpenAPI.

Registered under ``/api/v1``. Errors come back as ``{"error": {"code", "message"}}``
through ``directory.errors`` (every ``/api/`` path answers JSON).
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from flask.typing import ResponseReturnValue

from directory.api import openapi, search, serialise
from directory.auth import limits
from directory.errors import error_response
from directory.links import absolute_url
from directory.services import finder, profiles, taxonomy_reads
from directory.web import timing

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
    # A partner who sends a broken point hears so, rather than getting a profile
    # without distances.
    try:
        origin = finder.coordinates(request.args.get("lat"), request.args.get("lon"), "lat")
    except finder.FinderError as exc:
        return error_response(exc.status, exc.code, exc.message, field=exc.field)
    profile = profiles.build_profile(slug, origin)
    return jsonify(serialise.practitioner(profile))


@bp.get("/treatments")
def treatments() -> Response:
    return jsonify(
        {"treatments": [serialise.treatment(t) for t in taxonomy_reads.list_treatments()]}
    )


@bp.get("/accreditation-bodies")
def accreditation_bodies() -> Response:
    bodies = [serialise.body(b) for b in taxonomy_reads.list_bodies()]
    return jsonify({"accreditation_bodies": bodies})


@bp.get("/openapi.json")
def openapi_document() -> Response:
    server = absolute_url("api.openapi_document").removesuffix("/openapi.json")
    return jsonify(openapi.document(server))
