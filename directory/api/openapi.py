"""The OpenAPI 3.1 description of API v1, served at ``/api/v1/openapi.json``.

Kept beside the views and checked by the tests against the real routes and answers, so
the document and the API cannot drift apart silently.
"""

from __future__ import annotations

from typing import Any

from directory.api.openapi_params import LAT, LON, SEARCH_404, SEARCH_PARAMS, query
from directory.api.openapi_schemas import ERROR_CODES, SCHEMAS, obj, ref

DESCRIPTION = (
    "Search the directory of UK aesthetic-treatment practitioners and read the credentials we "
    "have checked. Read-only and open: no key needed. Errors come back as "
    '`{"error": {"code", "message"}}` with a 4xx status.'
)


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str, codes: list[str]) -> dict[str, Any]:
    named = ", ".join(f"`{c}`" for c in codes)
    return _json(ref("Error"), f"{description} `error.code`: {named}.")


SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}


def _list(key: str, item: str, summary: str, operation: str) -> dict[str, Any]:
    body = obj([key], **{key: {"type": "array", "items": ref(item)}})
    return {
        "get": {
            "operationId": operation,
            "summary": summary,
            "responses": {"200": _json(body, summary)},
        }
    }


def document(server_url: str) -> dict[str, Any]:
    """The whole OpenAPI document, with ``server_url`` (``.../api/v1``) as its server."""
    search = {
        "operationId": "search",
        "summary": "Practitioners near a place, nearest first; everyone without a place.",
        "parameters": SEARCH_PARAMS,
        "responses": {
            "200": _json(ref("SearchResponse"), "One page of results."),
            "400": _error(
                "Bad input: `error.field` names the parameter, `error.message` says why.",
                ERROR_CODES[400],
            ),
            "404": _error(
                "No postcode or place by that name that we can place; for a misspelt place "
                "`error.did_you_mean` gives the likely one with its coordinates.",
                SEARCH_404,
            ),
            "422": _error(
                "Several places share the name; `error.candidates` lists them.",
                ERROR_CODES[422],
            ),
            "503": _error("The postcode tables are missing on this server.", ERROR_CODES[503]),
        },
    }
    practitioner = {
        "operationId": "getPractitioner",
        "summary": "One published practitioner's profile.",
        "parameters": [
            SLUG,
            query("lat", "With `lon`: each clinic's distance from here, nearest first.", LAT),
            query("lon", "See `lat`.", LON),
        ],
        "responses": {
            "200": _json(ref("Practitioner"), "The profile."),
            "400": _error("`lat` without `lon`, or not degrees.", ["invalid_coordinates"]),
            "404": _error("No published practitioner by that slug.", ["not_found"]),
            "410": _error(
                "The listing is suspended: not available, no reason given.", ["listing_unavailable"]
            ),
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Find a Practitioner API",
            "version": "1.0.0",
            "description": DESCRIPTION,
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/search": {"get": search},
            "/practitioners/{slug}": {"get": practitioner},
            "/treatments": _list(
                "treatments",
                "Treatment",
                "The treatment taxonomy, with guide facts.",
                "listTreatments",
            ),
            "/accreditation-bodies": _list(
                "accreditation_bodies",
                "AccreditationBody",
                "The registers, societies and regulators we check against.",
                "listAccreditationBodies",
            ),
            "/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document.",
                    "responses": {"200": {"description": "OpenAPI 3.1."}},
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }
