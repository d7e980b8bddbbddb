"""API v1 endpoints other than search: practitioners, treatments, bodies, the document."""

from __future__ import annotations

import pytest

from directory.extensions import db
from directory.models import AccreditationBody, Practitioner, PublicationState, Treatment
from directory.services import profiles

# Every test here only reads: they share one indexed app (see tests/conftest.py).
pytestmark = pytest.mark.read_only


def _published_with_badges() -> Practitioner:
    query = (
        db.select(Practitioner)
        .filter_by(state=PublicationState.PUBLISHED)
        .order_by(Practitioner.id)
    )
    return next(
        p for p in db.session.scalars(query) if p.registration_number and profiles.current_badges(p)
    )


def test_practitioner_has_the_profile_as_data(seeded, client):
    p = _published_with_badges()
    response = client.get(f"/api/v1/practitioners/{p.slug}")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    data = response.get_json()
    assert data["id"] == p.id and data["slug"] == p.slug and data["name"] == p.full_name
    assert data["profession"] == p.profession.value
    assert data["is_demo"] is True
    assert data["url"] == f"http://localhost/practitioners/{p.slug}"
    badges = profiles.current_badges(p)
    assert [c["body"] for c in data["credentials"]] == [b.body.slug for b in badges]
    assert all(c["verified_on"] and len(c["verified_on"]) == 10 for c in data["credentials"])
    assert data["registration"]["number"] == p.registration_number
    prices = {t["slug"]: t["price_from_gbp"] for t in data["treatments"]}
    assert prices == {o.treatment.slug: o.price_from_pence / 100 for o in p.offers}
    assert [c["postcode"] for c in data["clinics"]] == [c.postcode for c in p.clinics]
    assert all(c["distance_miles"] is None for c in data["clinics"])
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_practitioner_clinic_distances_from_a_point(seeded, client):
    p = _published_with_badges()
    c = p.clinics[0]
    data = client.get(
        f"/api/v1/practitioners/{p.slug}?lat={c.latitude}&lon={c.longitude}"
    ).get_json()
    assert data["clinics"][0]["distance_miles"] == 0.0


@pytest.mark.parametrize(
    "query", ["lat=51.5", "lon=-0.1", "lat=north&lon=west", "lat=91&lon=0", "lat=nan&lon=1"]
)
def test_practitioner_with_a_broken_point_is_a_400(seeded, client, query):
    p = _published_with_badges()
    response = client.get(f"/api/v1/practitioners/{p.slug}?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_coordinates"


@pytest.mark.parametrize(
    ("state", "status", "code"),
    [
        (PublicationState.DRAFT, 404, "not_found"),
        (PublicationState.SUSPENDED, 410, "listing_unavailable"),
    ],
)
def test_hidden_practitioner_is_a_json_error(seeded, client, state, status, code):
    p = db.session.scalars(db.select(Practitioner).filter_by(state=state)).first()
    response = client.get(f"/api/v1/practitioners/{p.slug}")
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code
    assert p.display_name not in response.text


def test_treatments_lists_the_taxonomy(seeded, client):
    data = client.get("/api/v1/treatments").get_json()
    slugs = [t["slug"] for t in data["treatments"]]
    assert sorted(slugs) == sorted(db.session.scalars(db.select(Treatment.slug)))
    meso = next(t for t in data["treatments"] if t["slug"] == "mesotherapy")
    assert meso["price_min_gbp"] == 150 and meso["price_max_gbp"] == 300
    assert "meso" in meso["synonyms"]
    assert meso["url"] == "http://localhost/treatments/mesotherapy"


def test_bodies_lists_every_body_with_empty_links_as_null(seeded, client):
    data = client.get("/api/v1/accreditation-bodies").get_json()
    bodies = {b["slug"]: b for b in data["accreditation_bodies"]}
    assert set(bodies) == set(db.session.scalars(db.select(AccreditationBody.slug)))
    assert bodies["jccp"]["kind"] == "register" and bodies["jccp"]["renewal_months"] == 12
    assert bodies["smuk"]["website"] is None and bodies["smuk"]["register_url"] is None


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_openapi_document_describes_every_route(app, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.get_json()
    assert doc["openapi"].startswith("3.")
    assert doc["servers"] == [{"url": "http://localhost/api/v1"}]
    assert set(doc["paths"]) == {
        "/search",
        "/practitioners/{slug}",
        "/treatments",
        "/accreditation-bodies",
        "/openapi.json",
    }
    # Every API route is documented, and every documented path is a real route.
    routes = {
        rule.rule.removeprefix("/api/v1").replace("<slug>", "{slug}")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }
    assert routes == set(doc["paths"])
    # Every $ref resolves.
    schemas = doc["components"]["schemas"]
    refs = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                refs.add(node["$ref"].rsplit("/", 1)[-1])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc)
    assert refs <= set(schemas)
    names = {p["name"] for p in doc["paths"]["/search"]["get"]["parameters"]}
    assert names == {
        "location",
        "lat",
        "lon",
        "radius",
        "treatment",
        "accreditation",
        "profession",
        "weekends",
        "step_free",
        "registered",
        "mobile",
        "language",
        "max_price",
        "checked",
        "prescriber",
        "q",
        "sort",
        "page",
        "per_page",
    }
    result = schemas["SearchResult"]["properties"]
    assert {"checked", "prescriber", "stated_profession"} <= set(result)
    assert {"checked", "unchecked"} <= set(schemas["SearchResponse"]["properties"])


def test_openapi_document_is_valid_openapi_3_1(client):
    from openapi_spec_validator import validate

    validate(client.get("/api/v1/openapi.json").get_json())


def _search_error_codes() -> dict[str, int]:
    """Every code a search can answer with, and its status: the geocoder's error classes
    carry both; the finder's codes (all 400) are read from the two modules that raise
    them, so a new one cannot be added without this test seeing it."""
    import ast
    import re
    from pathlib import Path

    import directory
    from directory.geo.errors import GeoError

    codes: dict[str, int] = {}
    classes = [GeoError]
    while classes:
        cls = classes.pop()
        classes += cls.__subclasses__()
        if cls is not GeoError:
            codes[cls.code] = cls.status
    root = Path(directory.__file__).parent
    for module in ("services/finder_checks.py", "web/search_request.py"):
        tree = ast.parse((root / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if re.fullmatch(r"(invalid|unknown)_[a-z_]+", node.value):
                    codes[node.value] = 400
    assert {"invalid_coordinates", "invalid_weekends", "unknown_treatment"} <= set(codes)
    return codes


def test_every_search_error_code_is_documented(client):
    from directory.api.openapi_schemas import ERROR_CODES

    doc = client.get("/api/v1/openapi.json").get_json()
    responses = doc["paths"]["/search"]["get"]["responses"]
    for code, status in _search_error_codes().items():
        assert code in ERROR_CODES[status], code
        assert f"`{code}`" in responses[str(status)]["description"], code


def _conforms(value: object, schema: dict, schemas: dict, where: str = "$") -> None:
    """A small check of answers against the document: types, required fields, $refs."""
    if "$ref" in schema:
        return _conforms(value, schemas[schema["$ref"].rsplit("/", 1)[-1]], schemas, where)
    if "oneOf" in schema:
        errors = []
        for option in schema["oneOf"]:
            try:
                return _conforms(value, option, schemas, where)
            except AssertionError as exc:
                errors.append(str(exc))
        raise AssertionError(f"{where}: matches no option: {errors}")
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds] if kinds else []
    python = {
        "object": dict,
        "array": list,
        "string": str,
        "integer": int,
        "number": (int, float),
        "boolean": bool,
        "null": type(None),
    }
    if kinds:
        assert any(isinstance(value, python[k]) for k in kinds), (
            f"{where}: {value!r} is not {kinds}"
        )
    if isinstance(value, dict) and "properties" in schema:
        for key in schema.get("required", []):
            assert key in value, f"{where}: missing {key}"
        for key, sub in schema["properties"].items():
            if key in value:
                _conforms(value[key], sub, schemas, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value[:5]):
            _conforms(item, schema["items"], schemas, f"{where}[{i}]")
    return None


def test_answers_conform_to_the_document(indexed, client):
    doc = client.get("/api/v1/openapi.json").get_json()
    schemas = doc["components"]["schemas"]

    def check(path: str, url: str, status: str = "200") -> None:
        operation = doc["paths"][path]["get"]
        schema = operation["responses"][status]["content"]["application/json"]["schema"]
        response = client.get(url)
        assert str(response.status_code) == status, url
        _conforms(response.get_json(), schema, schemas)

    p = _published_with_badges()
    check("/search", "/api/v1/search?location=SW1A+1AA&treatment=mesotherapy")
    check("/search", "/api/v1/search?lat=53.8&lon=-1.55&radius=5")
    check("/search", "/api/v1/search")
    check("/search", "/api/v1/search?location=XX1", "400")
    check("/search", "/api/v1/search?location=Atlantis", "404")
    check("/search", "/api/v1/search?location=Woodford", "422")
    check("/search", "/api/v1/search?location=BT68+4AA", "404")  # a BT district we can't place
    check("/search", "/api/v1/search?location=BT1+1AA")  # Northern Ireland, by district
    check("/search", "/api/v1/search?location=Newcastle")  # with other candidates
    check("/search", "/api/v1/search?location=Manchestr", "404")  # with did_you_mean
    check("/practitioners/{slug}", f"/api/v1/practitioners/{p.slug}")
    check("/practitioners/{slug}", "/api/v1/practitioners/nobody", "404")
    check("/practitioners/{slug}", f"/api/v1/practitioners/{p.slug}?lat=51.5", "400")
    check("/practitioners/{slug}", f"/api/v1/practitioners/{p.slug}?lat=51.5&lon=-0.1")
    check("/treatments", "/api/v1/treatments")
    check("/accreditation-bodies", "/api/v1/accreditation-bodies")
