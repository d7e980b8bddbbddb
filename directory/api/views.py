"""API v1: read-only JSON for partners and for our own tests, documented by OpenAPI.

Registered under ``/api/v1``. Errors come back as ``{"error": {"code", "message"}}``
through ``directory.errors`` (every ``/api/`` path answers JSON).
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request, url_for
from flask.typing import ResponseReturnValue

from directory.api import openapi, search, serialise
from directory.public import timing
from directory.public.search_form import origin_from
from directory.services import profiles

bp = Blueprint("api", __name__)
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
def practitioner(slug: str) -> Response:
    origin = origin_from(request.args)
    profile = profiles.build_profile(slug, origin.point if origin else None)
    return jsonify(serialise.practitioner(profile))


@bp.get("/treatments")
def treatments() -> Response:
    return jsonify({"treatments": [serialise.treatment(t) for t in profiles.list_treatments()]})


@bp.get("/accreditation-bodies")
def accreditation_bodies() -> Response:
    bodies = [serialise.body(b) for b in profiles.list_bodies()]
    return jsonify({"accreditation_bodies": bodies})


@bp.get("/openapi.json")
def openapi_document() -> Response:
    server = url_for("api.openapi_document", _external=True).removesuffix("/openapi.json")
    return jsonify(openapi.document(server))
