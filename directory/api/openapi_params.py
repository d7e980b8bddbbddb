"""The search's query parameters in the OpenAPI description (``openapi.py``): each
documented with the limits the code itself applies, so the two cannot disagree."""

from __future__ import annotations

from typing import Any

from directory.services.finder import MAX_PER_PAGE, MAX_RADIUS
from directory.services.languages import LANGUAGES
from directory.web.search_form import MAX_TYPED, RADIUS_CHOICES


def query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


SEARCH_404 = ["unknown_location", "unresolvable_ni_postcode"]
RADII = ", ".join(map(str, RADIUS_CHOICES))
TYPED = (
    f"Like every text parameter it is read as a person would type it: control characters "
    f"count as spaces and only the first {MAX_TYPED} characters are used."
)
LAT = {"type": "number", "minimum": -90, "maximum": 90}
LON = {"type": "number", "minimum": -180, "maximum": 180}

SEARCH_PARAMS = [
    query(
        "location",
        "A postcode (`SW1A 1AA`, `SW1A`, `BT1 1AA`, any case or spacing) or a place as "
        "people type it (`Newcastle`, `Caerdydd`, `Newport, Isle of Wight`, `Leeds LS1`); "
        "Northern Irish postcodes are placed at their district (`precision: district`). "
        "When given, `lat`/`lon` are ignored. " + TYPED,
        {"type": "string"},
    ),
    query("lat", "Latitude (WGS84 degrees) of the search centre: give `lon` too.", LAT),
    query("lon", "Longitude (WGS84 degrees) of the search centre: give `lat` too.", LON),
    query(
        "radius",
        f"Miles from the centre; the site offers {RADII}. When nobody is that "
        "close the search widens and says so (`widened`).",
        {"type": "number", "default": 10, "exclusiveMinimum": 0, "maximum": MAX_RADIUS},
    ),
    query(
        "treatment",
        "A treatment slug from `/treatments`; an everyday name such as `botox` is understood too.",
        {"type": "string"},
    ),
    query(
        "accreditation",
        "Body slugs from `/accreditation-bodies`, repeated (`accreditation=jccp&"
        "accreditation=save-face`) or comma-separated (`accreditation=jccp,save-face`): only "
        "practitioners with a verified, current credential with any of them.",
        {"type": "array", "items": {"type": "string"}},
    ),
    query(
        "profession",
        "`doctor`, `nurse`, `dentist`, `pharmacist`, `allied_health`: only practitioners "
        "whose registration with that profession's regulator we have checked and is "
        "current; or `regulated` (a checked, current registration with any regulator).",
        {"type": "string"},
    ),
    query(
        "weekends",
        "`1` for only practitioners with a clinic open on Saturday or Sunday "
        "(by appointment counts).",
        {"type": "string", "enum": ["1", "0", "true", "false", "yes", "no", "on", "off"]},
    ),
    query(
        "step_free",
        "`1` for only practitioners with a clinic they say has step-free access.",
        {"type": "string", "enum": ["1", "0", "true", "false", "yes", "no", "on", "off"]},
    ),
    query(
        "registered",
        "`1` for only practitioners at a clinic whose registration with its nation's care "
        "regulator (CQC, HIS, HIW or RQIA) we checked and is current. A fact about the "
        "clinic: it does not make the practitioner `checked`.",
        {"type": "string", "enum": ["1", "0", "true", "false", "yes", "no", "on", "off"]},
    ),
    query(
        "mobile",
        "`1` for only practitioners who come to you: with a place, those whose stated "
        "travel area (miles from their base) contains it, whatever `radius` says; without "
        "one, everyone offering home visits. Even without this switch, a practitioner who "
        "travels to the place searched is found at any radius, as `comes_to_you_miles`.",
        {"type": "string", "enum": ["1", "0", "true", "false", "yes", "no", "on", "off"]},
    ),
    query(
        "language",
        "A language spoken besides English, as its code: "
        + ", ".join(f"`{c}` ({n})" for c, n in LANGUAGES.items())
        + ".",
        {"type": "string", "enum": list(LANGUAGES)},
    ),
    query(
        "max_price",
        'With `treatment`: only practitioners whose "from" price for it is at most this '
        "many pounds (offers without a price are left out).",
        {"type": "number", "exclusiveMinimum": 0, "maximum": 100_000},
    ),
    query(
        "checked",
        "`only` (the default): practitioners with at least one credential we checked and "
        "that is current. `any`: also those with none, after the checked ones (each "
        "result says `checked`); the answer's `unchecked` counts them either way.",
        {"type": "string", "enum": ["only", "any"], "default": "only"},
    ),
    query(
        "prescriber",
        "`true`: only checked prescribers (a current GMC registration, or a register "
        "entry with an independent-prescriber annotation that an admin saw).",
        {"type": "boolean", "default": False},
    ),
    query(
        "q",
        "Free-text words: treatments in everyday terms, names. " + TYPED,
        {"type": "string"},
    ),
    query(
        "sort",
        "`distance` (the default with a place; practitioners who come to you count as 0 "
        "miles), `relevance` (ranks `q`), `name` (the default without a place or words) or "
        '`price` (the chosen `treatment`\'s "from" price, lowest first, unpriced last; '
        "refused with `invalid_sort` without a `treatment`). Without a place `distance` "
        "falls back to `name`, and without `q` `relevance` falls back to the default: the "
        "answer's `sort` says which order was used.",
        {"type": "string", "enum": ["distance", "relevance", "name", "price"]},
    ),
    query("page", "Page number, from 1.", {"type": "integer", "minimum": 1, "default": 1}),
    query(
        "per_page",
        "Results a page.",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 20},
    ),
]
