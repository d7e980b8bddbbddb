"""The OpenAPI 3.1 description of API v1, served at ``/api/v1/openapi.json``.

Kept beside the views and checked by the tests against the real routes and answers, so
the document and the API cannot drift apart silently.
"""

from __future__ import annotations

from typing import Any

from directory.api.openapi_schemas import ERROR_CODES, SCHEMAS, obj, ref
from directory.services.finder import MAX_PER_PAGE, MAX_RADIUS
from directory.services.languages import LANGUAGES
from directory.web.search_form import MAX_TYPED, RADIUS_CHOICES

DESCRIPTION = (
    "Search the directory of UK aesthetic-treatment practitioners and read the credentials we "
    "have checked. Read-only and open: no key needed. Errors come back as "
    '`{"error": {"code", "message"}}` with a 4xx status.'
)


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str, codes: list[str]) -> dict[str, Any]:
    named = ", ".join(f"`{c}`" for c in codes)
    return _json(ref("Error"), f"{description} `error.code`: {named}.")


SEARCH_404 = ["unknown_location", "unresolvable_ni_postcode"]
RADII = ", ".join(map(str, RADIUS_CHOICES))
TYPED = (
    f"Like every text parameter it is read as a person would type it: control characters "
    f"count as spaces and only the first {MAX_TYPED} characters are used."
)
LAT = {"type": "number", "minimum": -90, "maximum": 90}
LON = {"type": "number", "minimum": -180, "maximum": 180}

SEARCH_PARAMS = [
    _query(
        "location",
        "A postcode (`SW1A 1AA`, `SW1A`, `BT1 1AA`, any case or spacing) or a place as "
        "people type it (`Newcastle`, `Caerdydd`, `Newport, Isle of Wight`, `Leeds LS1`); "
        "Northern Irish postcodes are placed at their district (`precision: district`). "
        "When given, `lat`/`lon` are ignored. " + TYPED,
        {"type": "string"},
    ),
    _query("lat", "Latitude (WGS84 degrees) of the search centre: give `lon` too.", LAT),
    _query("lon", "Longitude (WGS84 degrees) of the search centre: give `lat` too.", LON),
    _query(
        "radius",
        f"Miles from the centre; the site offers {RADII}. When nobody is that "
        "close the search widens and says so (`widened`).",
        {"type": "number", "default": 10, "exclusiveMinimum": 0, "maximum": MAX_RADIUS},
    ),
    _query(
        "treatment",
        "A treatment slug from `/treatments`; an everyday name such as `botox` is understood too.",
        {"type": "string"},
    ),
    _query(
        "accreditation",
        "Body slugs from `/accreditation-bodies`, repeated (`accreditation=jccp&"
        "accreditation=save-face`) or comma-separated (`accreditation=jccp,save-face`): only "
        "practitioners with a verified, current credential with any of them.",
        {"type": "array", "items": {"type": "string"}},
    ),
    _query(
        "profession",
        "`doctor`, `nurse`, `dentist`, `pharmacist`, `allied_health`: only practitioners "
        "whose registration with that profession's regulator we have checked and is "
        "current; or `regulated` (a checked, current registration with any regulator).",
        {"type": "string"},
    ),
    _query(
        "weekends",
        "`1` for only practitioners with a clinic open on Saturday or Sunday "
        "(by appointment counts).",
        {"type": "string", "enum": ["1", "0", "true", "false", "yes", "no", "on", "off"]},
    ),
    _query(
        "step_free",
        "`1` for only practitioners with a clinic they say has step-free access.",
        {"type": "string", "enum": ["1", "0", "true", "false", "yes", "no", "on", "off"]},
    ),
    _query(
        "registered",
        "`1` for only practitioners at a clinic whose registration with its nation's care "
        "regulator (CQC, HIS, HIW or RQIA) we checked and is current. A fact about the "
        "clinic: it does not make the practitioner `checked`.",
        {"type": "string", "enum": ["1", "0", "true", "false", "yes", "no", "on", "off"]},
    ),
    _query(
        "mobile",
        "`1` for only practitioners who come to you: with a place, those whose stated "
        "travel area (miles from their base) contains it, whatever `radius` says; without "
        "one, everyone offering home visits. Even without this switch, a practitioner who "
        "travels to the place searched is found at any radius, as `comes_to_you_miles`.",
        {"type": "string", "enum": ["1", "0", "true", "false", "yes", "no", "on", "off"]},
    ),
    _query(
        "language",
        "A language spoken besides English, as its code: "
        + ", ".join(f"`{c}` ({n})" for c, n in LANGUAGES.items())
        + ".",
        {"type": "string", "enum": list(LANGUAGES)},
    ),
    _query(
        "max_price",
        'With `treatment`: only practitioners whose "from" price for it is at most this '
        "many pounds (offers without a price are left out).",
        {"type": "number", "exclusiveMinimum": 0, "maximum": 100_000},
    ),
    _query(
        "checked",
        "`only` (the default): practitioners with at least one credential we checked and "
        "that is current. `any`: also those with none, after the checked ones (each "
        "result says `checked`); the answer's `unchecked` counts them either way.",
        {"type": "string", "enum": ["only", "any"], "default": "only"},
    ),
    _query(
        "prescriber",
        "`true`: only checked prescribers (a current GMC registration, or a register "
        "entry with an independent-prescriber annotation that an admin saw).",
        {"type": "boolean", "default": False},
    ),
    _query(
        "q",
        "Free-text words: treatments in everyday terms, names. " + TYPED,
        {"type": "string"},
    ),
    _query(
        "sort",
        "`distance` (the default with a place; practitioners who come to you count as 0 "
        "miles), `relevance` (ranks `q`), `name` (the default without a place or words) or "
        '`price` (the chosen `treatment`\'s "from" price, lowest first, unpriced last; '
        "refused with `invalid_sort` without a `treatment`). Without a place `distance` "
        "falls back to `name`, and without `q` `relevance` falls back to the default: the "
        "answer's `sort` says which order was used.",
        {"type": "string", "enum": ["distance", "relevance", "name", "price"]},
    ),
    _query("page", "Page number, from 1.", {"type": "integer", "minimum": 1, "default": 1}),
    _query(
        "per_page",
        "Results a page.",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 20},
    ),
]

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
            _query("lat", "With `lon`: each clinic's distance from here, nearest first.", LAT),
            _query("lon", "See `lat`.", LON),
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
