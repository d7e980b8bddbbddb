"""The OpenAPI component schemas of API v1: the JSON shapes ``serialise`` and
``search`` produce. The tests check real answers against the required fields here."""

from __future__ import annotations

from typing import Any

STR: dict[str, Any] = {"type": "string"}
INT: dict[str, Any] = {"type": "integer"}
NUM: dict[str, Any] = {"type": "number"}
BOOL: dict[str, Any] = {"type": "boolean"}
URI: dict[str, Any] = {"type": "string", "format": "uri"}
COUNTS: dict[str, Any] = {"type": "object", "additionalProperties": INT}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(required: list[str], **props: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": props}


def nullable(kind: str, **extra: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], **extra}


def array(items: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "array", "items": items}
    if description:
        schema["description"] = description
    return schema


def either_null(schema: dict[str, Any]) -> dict[str, Any]:
    return {"oneOf": [schema, {"type": "null"}]}


PHOTO = obj(
    ["alt", "url", "width", "height", "sizes"],
    alt={"type": "string", "description": "What the photo shows, for people who cannot see it."},
    url={**URI, "description": "The widest copy (WebP); the address changes if the photo does."},
    width=INT,
    height=INT,
    sizes=array(
        obj(["width", "height", "url"], width=INT, height=INT, url=URI),
        "Every stored copy, narrowest first, for `srcset`.",
    ),
)


# Every error code API v1 answers, by HTTP status. Partners may rely on these; add,
# never rename. The tests check that the search's own codes are all listed here.
ERROR_CODES: dict[int, list[str]] = {
    400: [
        "invalid_postcode",
        "invalid_radius",
        "invalid_coordinates",
        "invalid_page",
        "invalid_per_page",
        "invalid_sort",
        "invalid_profession",
        "invalid_checked",
        "invalid_prescriber",
        "unknown_treatment",
        "unknown_accreditation",
        "invalid_weekends",
        "invalid_step_free",
        "invalid_registered",
        "invalid_mobile",
        "unknown_language",
        "invalid_max_price",
    ],
    404: ["unknown_location", "unresolvable_ni_postcode", "not_found"],
    405: ["method_not_allowed"],
    410: ["listing_unavailable"],
    422: ["ambiguous_location"],
    500: ["internal_error"],
    503: ["geodata_missing"],
}
PROFESSIONS = ["doctor", "nurse", "dentist", "pharmacist", "allied_health", "other"]
CHECKED_PROFESSION = {
    "oneOf": [{"type": "string", "enum": PROFESSIONS[:-1]}, {"type": "null"}],
    "description": "Only when a statutory regulator's entry for it is checked and current; "
    "null otherwise (see `stated_profession`).",
}
STANDING = {
    "name": {"type": "string", "description": 'The title "Dr" only with a checked profession.'},
    "profession": CHECKED_PROFESSION,
    "stated_profession": {
        "type": "string",
        "enum": PROFESSIONS,
        "description": "What the practitioner told us; not checked.",
    },
    "checked": {
        "type": "boolean",
        "description": "At least one credential is verified by us and current.",
    },
    "prescriber": {
        "type": "boolean",
        "description": (
            "A checked prescriber: a current GMC registration, or a regulator's entry an admin "
            "saw an independent-prescriber annotation on."
        ),
    },
    "prescriber_checked_on": nullable("string", format="date"),
}
PRECISIONS = ["unit", "sector", "district", "area", "place", "online", "point"]

CLINIC_REGISTRATION = obj(
    ["kind", "regulator", "issuer", "number", "checked_on", "valid_until", "url"],
    kind={
        "type": "string",
        "enum": ["regulator", "licence"],
        "description": (
            "`regulator`: registration with the care regulator of the clinic's nation; "
            "`licence`: a local authority's special-procedures licence."
        ),
    },
    regulator=nullable(
        "string",
        enum=["cqc", "his", "hiw", "rqia", None],
        description="The care regulator; null for a licence.",
    ),
    issuer=STR,
    number=STR,
    checked_on=nullable("string", format="date", description="When we checked it."),
    valid_until=nullable(
        "string",
        format="date",
        description="It stops being listed after this day unless re-checked.",
    ),
    url=nullable(
        "string",
        format="uri",
        description="The regulator's public page for it, where there is one.",
    ),
)
REGISTRATIONS = array(
    CLINIC_REGISTRATION,
    (
        "Registrations of this clinic that we checked and that are current; never ones we "
        "have not checked. A fact about the clinic, not the practitioner's `checked`."
    ),
)

CLINIC = obj(
    ["name", "town", "postcode"],
    name=STR,
    address_line1=STR,
    address_line2=STR,
    town=STR,
    postcode=STR,
    lat=nullable("number"),
    lon=nullable("number"),
    distance_miles=nullable("number", description="From the `lat`/`lon` given, if any."),
    opening_hours=array(
        obj(
            ["day", "opens", "closes", "by_appointment"],
            day={
                "type": "string",
                "enum": [
                    "monday",
                    "tuesday",
                    "wednesday",
                    "thursday",
                    "friday",
                    "saturday",
                    "sunday",
                ],
            },
            opens=nullable("string", description="24-hour `HH:MM`; null when by appointment."),
            closes=nullable("string"),
            by_appointment=BOOL,
        ),
        "The days it opens, Monday first; a day not listed is closed.",
    ),
    step_free=nullable("boolean", description="As the practitioner states; null: not said."),
    accessible_toilet=nullable("boolean"),
    parking=nullable("string"),
    nearest_station=nullable("string"),
    registrations=REGISTRATIONS,
)
NEAREST_CLINIC = obj(
    ["name", "town", "postcode", "lat", "lon"],
    name=STR,
    town=STR,
    postcode=STR,
    lat=nullable("number"),
    lon=nullable("number"),
    registrations=REGISTRATIONS,
)
REGISTRATION = obj(
    ["body", "number", "checked_on"],
    body=STR,
    body_name=STR,
    number=STR,
    register_url=nullable("string"),
    checked_on=nullable("string", format="date", description="Null: not yet checked by us."),
)

SCHEMAS: dict[str, Any] = {
    "Error": obj(
        ["error"],
        error=obj(
            ["code", "message"],
            code={
                "type": "string",
                "description": "Stable, for programs; see each response for its codes.",
                "examples": [c for codes in ERROR_CODES.values() for c in codes],
            },
            message={"type": "string", "description": "Plain English, fit to show to a person."},
            field={"type": "string", "description": "The search parameter at fault, if any."},
            candidates=array(ref("Candidate"), "Only with `ambiguous_location`."),
            suggestion={"type": "string", "description": "A place or postcode that may be meant."},
            # Only with `unknown_location`: the place a misspelt name may mean.
            did_you_mean=ref("Candidate"),
        ),
    ),
    "Candidate": obj(
        ["label", "lat", "lon"],
        label={"type": "string", "examples": ["Newport, Isle of Wight"]},
        lat=NUM,
        lon=NUM,
        authority=nullable(
            "string", description="Local authority (in Northern Ireland, the county)."
        ),
    ),
    "Credential": obj(
        ["body", "body_name", "verified_on", "valid_until"],
        body={"type": "string", "description": "Accreditation body slug."},
        body_name=STR,
        verified_on=nullable("string", format="date", description="When we checked it."),
        valid_until=nullable("string", format="date"),
        conditions=nullable(
            "string",
            description=(
                "Conditions or warnings the register listed when we checked (as of `verified_on`)."
            ),
        ),
    ),
    "TreatmentPrice": obj(
        ["slug", "name", "price_from_gbp"], slug=STR, name=STR, price_from_gbp=nullable("number")
    ),
    "Location": obj(
        ["query", "label", "lat", "lon", "precision"],
        query=STR,
        label=STR,
        lat=NUM,
        lon=NUM,
        precision={"type": "string", "enum": PRECISIONS},
        note=nullable(
            "string",
            description="How the place was chosen or how approximate it is, for people.",
        ),
        candidates=array(
            ref("Candidate"),
            'Other places the name could mean ("Newcastle" also offers Newcastle, '
            "County Down); empty when there are none.",
        ),
    ),
    "SearchResult": obj(
        [
            "id",
            "slug",
            "name",
            "profession",
            "stated_profession",
            "checked",
            "prescriber",
            "distance_miles",
            "nearest_clinic",
            "treatments",
            "credentials",
            "url",
        ],
        id=INT,
        slug=STR,
        **STANDING,
        is_demo={"type": "boolean", "description": "A made-up listing from the demo data."},
        distance_miles=nullable(
            "number",
            description=("To the nearest clinic; null with no place; 0 when they come to you."),
        ),
        comes_to_you_miles=nullable(
            "integer",
            description=(
                "Set when the practitioner travels to the place searched: how far they go from "
                'their base. Show "comes to you" rather than a distance.'
            ),
        ),
        nearest_clinic=either_null(NEAREST_CLINIC),
        treatments=array(ref("TreatmentPrice"), "Those matching the search, else all offered."),
        credentials=array(ref("Credential"), "Verified and unexpired only."),
        url={**URI, "description": "The public profile page."},
    ),
    "SearchResponse": obj(
        ["location", "radius_miles", "total", "page", "per_page", "widened", "results", "facets"],
        location=either_null(ref("Location")),
        radius_miles=nullable("number", description="Searched; more than asked when `widened`."),
        requested_radius_miles=nullable("number"),
        total=INT,
        page=INT,
        per_page=INT,
        widened={"type": "boolean", "description": "Nobody within the radius asked: widened."},
        sort={"type": "string", "enum": ["distance", "relevance", "name", "price"]},
        suggestion=nullable("string", description="A did-you-mean spelling for `q`."),
        degraded={
            "type": "boolean",
            "description": (
                "The search index is being repaired and the database answered: results are "
                "complete, but spelling suggestions and relevance ranking are off."
            ),
        },
        results=array(ref("SearchResult"), "Checked practitioners first."),
        facets=obj(
            [],
            treatment=COUNTS,
            accreditation=COUNTS,
            profession=COUNTS,
            language=COUNTS,
            clinic={
                **COUNTS,
                "description": (
                    "Matches for each switch (`weekends`, `step_free`, `registered`, `mobile`), "
                    "each counted as if it were on."
                ),
            },
        ),
        checked={"type": "string", "enum": ["only", "any"], "description": "As asked."},
        unchecked={
            "type": "integer",
            "description": (
                "Matches with no checked credential: left out with `checked=only`, or (with "
                "`checked=any`) how many of `total` they are, listed after the checked ones."
            ),
        },
        prescriber={"type": "boolean", "description": "Only checked prescribers were asked for."},
    ),
    "Practitioner": obj(
        [
            "id",
            "slug",
            "name",
            "profession",
            "stated_profession",
            "checked",
            "prescriber",
            "credentials",
            "treatments",
            "clinics",
            "url",
        ],
        id=INT,
        slug=STR,
        **STANDING,
        title={"type": "string", "description": 'Empty when it is "Dr" and not checked.'},
        display_name=STR,
        is_demo=BOOL,
        bio=STR,
        website=nullable("string"),
        phone=nullable("string"),
        booking_url=nullable("string"),
        languages=array(STR, "Language codes spoken besides English (see `/search`)."),
        consultation=either_null(
            obj(
                ["kind", "fee_gbp"],
                kind={
                    "type": "string",
                    "enum": ["free", "deducted", "charged"],
                    "description": (
                        "`deducted`: the fee is taken off the price of a treatment booked."
                    ),
                },
                fee_gbp=nullable("number"),
            )
        ),
        home_visits=either_null(
            obj(
                ["miles", "from_district"],
                miles={"type": "integer", "description": "How far they travel from their base."},
                from_district={
                    "type": "string",
                    "description": (
                        "The district of their base postcode (`LS6`); "
                        "the full postcode is never shown."
                    ),
                },
            )
        ),
        registration=either_null(REGISTRATION),
        credentials=array(ref("Credential")),
        treatments=array(ref("TreatmentPrice")),
        clinics=array(CLINIC),
        photo=either_null(PHOTO),
        url=URI,
    ),
    "Treatment": obj(
        ["slug", "name", "category"],
        slug=STR,
        name=STR,
        category=STR,
        synonyms=array(STR),
        summary=STR,
        description=STR,
        price_min_gbp=nullable("number"),
        price_max_gbp=nullable("number"),
        session_length=STR,
        course=STR,
        downtime=STR,
        side_effects=STR,
        not_suitable_for=STR,
        credentials_to_look_for=STR,
        prescription_only=BOOL,
        url=URI,
    ),
    "AccreditationBody": obj(
        ["slug", "name", "short_name", "kind"],
        slug=STR,
        name=STR,
        short_name=STR,
        kind={"type": "string", "enum": ["register", "membership", "regulator"]},
        website=nullable("string"),
        register_url=nullable("string"),
        renewal_months=INT,
        description=STR,
        how_we_check=STR,
        url=URI,
    ),
}
