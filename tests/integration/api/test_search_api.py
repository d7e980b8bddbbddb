"""GET /api/v1/search: shape, errors, and agreement with the results page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from directory import clock
from directory.extensions import db
from directory.models import Practitioner, PublicationState

# Tests here only read, but those marked read_only(False): they share one indexed app
# (see tests/conftest.py).
pytestmark = pytest.mark.read_only

MESO = {"location": "SW1A 1AA", "treatment": "mesotherapy", "radius": "10"}


def _page_slugs(client, query: str) -> list[str]:
    return re.findall(
        r'<h3 class="card__title" id="result-([a-z0-9-]+)">', client.get(f"/search?{query}").text
    )


def test_search_answers_the_documented_shape(indexed, client):
    response = client.get("/api/v1/search", query_string=MESO)
    assert response.status_code == 200
    data = response.get_json()
    assert set(data) >= {
        "location",
        "radius_miles",
        "total",
        "page",
        "per_page",
        "widened",
        "results",
        "facets",
    }
    assert data["location"]["query"] == "SW1A 1AA" and data["location"]["label"] == "SW1A 1AA"
    assert data["location"]["precision"] == "unit"
    assert 51.4 < data["location"]["lat"] < 51.6
    assert data["radius_miles"] == 10 and data["widened"] is False
    assert data["page"] == 1 and data["per_page"] == 20
    assert set(data["facets"]) >= {"treatment", "accreditation", "profession"}
    results = data["results"]
    assert results and data["total"] >= len(results)
    distances = [r["distance_miles"] for r in results]
    assert distances == sorted(distances) and distances[-1] <= 10
    first = results[0]
    assert set(first) >= {
        "id",
        "slug",
        "name",
        "profession",
        "distance_miles",
        "nearest_clinic",
        "treatments",
        "credentials",
        "url",
    }
    assert set(first["nearest_clinic"]) >= {"name", "town", "postcode", "lat", "lon"}
    assert first["treatments"][0]["slug"] == "mesotherapy"
    assert isinstance(first["treatments"][0]["price_from_gbp"], int | float)
    assert first["url"] == f"http://localhost/practitioners/{first['slug']}"


def test_credentials_are_verified_and_unexpired_only(indexed, client):
    data = client.get("/api/v1/search", query_string={"per_page": 100}).get_json()
    today = clock.today().isoformat()
    for result in data["results"]:
        for credential in result["credentials"]:
            assert set(credential) == {
                "body",
                "body_name",
                "verified_on",
                "valid_until",
                "conditions",
            }
            assert credential["verified_on"] is not None
            assert credential["valid_until"] is None or credential["valid_until"] >= today


@pytest.mark.parametrize(
    "query",
    [
        "location=SW1A+1AA&treatment=mesotherapy",
        "location=Leeds&radius=25",
        "location=Manchester&q=botox&radius=50",
        "location=SW1A+1AA&q=glow&sort=relevance&radius=25",
        "location=KW1&treatment=mesotherapy&radius=1",
        "lat=53.7997&lon=-1.5492&radius=5",
        "",
        "page=2",
        "q=botox",
        "location=Leeds&treatment=Botox&radius=25",
        "location=SW1A+1AA&accreditation=jccp&radius=25",
        "location=Manchester&profession=regulated&radius=25",
        "location=sw1a1aa&sort=name&radius=25",
        "location=Leeds&accreditation=jccp&accreditation=save-face&radius=25&checked=any",
        "location=Leeds&accreditation=jccp,save-face&radius=25&checked=any",
        "treatment=mesotherapy&sort=price&checked=any",
        "location=Leeds&treatment=mesotherapy&sort=price&radius=50",
    ],
)
def test_api_and_page_list_the_same_practitioners_in_the_same_order(indexed, client, query):
    page = _page_slugs(client, query)
    api = [r["slug"] for r in client.get(f"/api/v1/search?{query}").get_json()["results"]]
    assert page and page == api


def test_no_location_lists_everyone_by_name(indexed, client):
    data = client.get("/api/v1/search?per_page=100").get_json()
    published = db.session.scalar(
        db.select(db.func.count())
        .select_from(Practitioner)
        .filter_by(state=PublicationState.PUBLISHED)
    )
    # Checked ones only, by default; the rest are counted as left out.
    assert data["location"] is None and data["total"] + data["unchecked"] == published
    assert data["unchecked"] > 0 and all(r["checked"] for r in data["results"])
    everyone = client.get("/api/v1/search?per_page=100&checked=any").get_json()
    assert everyone["total"] == published and everyone["unchecked"] == data["unchecked"]
    assert all(r["distance_miles"] is None for r in data["results"])
    assert data["per_page"] == 100 and len(data["results"]) == 100


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("location=XX1+1XX", "invalid_postcode"),
        ("location=Leeds&radius=0", "invalid_radius"),
        ("location=Leeds&radius=101", "invalid_radius"),
        ("location=Leeds&radius=near", "invalid_radius"),
        ("per_page=101", "invalid_per_page"),
        ("per_page=many", "invalid_per_page"),
        ("page=0", "invalid_page"),
        ("sort=price", "invalid_sort"),
        ("sort=price&location=Leeds", "invalid_sort"),
        ("mobile=maybe", "invalid_mobile"),
        ("accreditation=jccp&accreditation=nobody", "unknown_accreditation"),
        ("accreditation=jccp,nobody", "unknown_accreditation"),
        ("treatment=snake-oil", "unknown_treatment"),
        ("accreditation=nobody", "unknown_accreditation"),
        ("lat=53.8", "invalid_coordinates"),
        ("lat=north&lon=west", "invalid_coordinates"),
    ],
)
def test_bad_input_is_a_400_with_a_code_and_a_message(indexed, client, query, code):
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == code
    assert error["message"] and "Traceback" not in error["message"]


def test_unknown_place_is_a_404(indexed, client):
    response = client.get("/api/v1/search?location=Atlantis")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "unknown_location"


def test_ambiguous_place_is_a_422_with_candidates(indexed, client):
    response = client.get("/api/v1/search?location=Woodford")
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "ambiguous_location"
    assert len(error["candidates"]) >= 2
    for candidate in error["candidates"]:
        assert set(candidate) >= {"label", "lat", "lon"}
        assert candidate["label"].startswith("Woodford")


def test_widened_search_says_so(indexed, client):
    data = client.get("/api/v1/search?location=KW1&treatment=mesotherapy&radius=1").get_json()
    assert data["widened"] is True
    assert data["requested_radius_miles"] == 1 and data["radius_miles"] > 1
    assert data["results"] and all(r["distance_miles"] > 1 for r in data["results"])


def test_responses_carry_server_timing(indexed, client):
    response = client.get("/api/v1/search", query_string=MESO)
    assert re.search(r"find;dur=[\d.]+", response.headers["Server-Timing"])


@pytest.mark.read_only(False)  # it commits changes
def test_expired_and_unchecked_claims_never_show_as_badges(indexed, client):
    from directory.models import ClaimStatus

    results = client.get("/api/v1/search", query_string=MESO).get_json()["results"]
    first = next(r for r in results if len(r["credentials"]) >= 2)
    p = db.session.scalar(db.select(Practitioner).filter_by(slug=first["slug"]))
    expired, unchecked = sorted(c["body"] for c in first["credentials"])[:2]
    for claim in p.claims:
        if claim.body.slug == expired:
            claim.expires_on = clock.today() - timedelta(days=1)
        if claim.body.slug == unchecked:
            claim.status = ClaimStatus.PENDING
    db.session.commit()
    gone = {expired, unchecked}
    again = client.get("/api/v1/search", query_string=MESO).get_json()["results"]
    card = next(r for r in again if r["slug"] == p.slug)
    assert not gone & {c["body"] for c in card["credentials"]}
    html = client.get("/search", query_string=MESO).text
    article = html.split(f'id="result-{p.slug}"')[1].split("</article>")[0]
    for slug in gone:
        body = next(c.body for c in p.claims if c.body.slug == slug)
        assert f"{body.short_name} registered" not in article
        assert f"{body.short_name} member" not in article


@pytest.mark.parametrize(
    "param", ["location", "q", "treatment", "accreditation", "profession", "sort", "radius"]
)
def test_control_characters_are_bad_input_at_worst_never_a_500(indexed, client, param):
    for path in ("/search", "/api/v1/search"):
        response = client.get(path, query_string={param: "a\x00b\tc"})
        assert response.status_code in (200, 400, 404), (path, response.status_code)


def test_a_pasted_tab_or_nul_inside_a_postcode_still_finds_it(indexed, client):
    data = client.get("/api/v1/search", query_string={"location": "SW1A\t1AA\x00"}).get_json()
    assert data["location"]["label"] == "SW1A 1AA"


def test_several_credentials_are_any_of_them(indexed, client):
    def total(query: str) -> int:
        return client.get(f"/api/v1/search?checked=any&{query}").get_json()["total"]

    jccp, save_face = total("accreditation=jccp"), total("accreditation=save-face")
    either = total("accreditation=jccp&accreditation=save-face")
    assert max(jccp, save_face) < either <= jccp + save_face
    assert total("accreditation=save-face,jccp") == either


def test_price_order_goes_up_with_unpriced_last(indexed, client):
    data = client.get(
        "/api/v1/search?treatment=mesotherapy&sort=price&checked=any&per_page=100"
    ).get_json()
    assert data["sort"] == "price"
    prices = [
        next(t["price_from_gbp"] for t in r["treatments"] if t["slug"] == "mesotherapy")
        for r in data["results"]
    ]
    checked = [r["checked"] for r in data["results"]]
    # Checked first; within each group cheapest first, no price last.
    for group in (True, False):
        mine = [p for p, c in zip(prices, checked, strict=True) if c is group]
        priced = [p for p in mine if p is not None]
        assert priced == sorted(priced) and mine == priced + [None] * (len(mine) - len(priced))
    assert len({p for p in prices if p is not None}) > 3


@pytest.mark.read_only(False)  # it commits changes
def test_a_traveller_comes_to_you_in_the_api(indexed, client):
    from directory import search
    from directory.geo import resolve
    from directory.geo.distance import haversine_miles
    from directory.services import outbox

    leeds = resolve("LS1 4AP")
    practitioner = (
        db.session.scalars(
            db.select(Practitioner)
            .where(Practitioner.state == PublicationState.PUBLISHED, ~Practitioner.clinics.any())
            .limit(1)
        ).first()
        or db.session.scalars(
            db.select(Practitioner)
            .where(Practitioner.state == PublicationState.PUBLISHED)
            .order_by(Practitioner.id.desc())
            .limit(1)
        ).one()
    )
    practitioner.travel_postcode = "LS1 4AP"
    practitioner.travel_latitude, practitioner.travel_longitude = leeds.lat, leeds.lon
    practitioner.travel_miles = 7
    outbox.mark_practitioner(practitioner.id)
    db.session.commit()
    while search.apply_outbox(limit=25):
        pass
    query = "location=LS1+4AP&radius=1&checked=any&mobile=1"
    data = client.get(f"/api/v1/search?{query}").get_json()
    found = [(r["slug"], r["comes_to_you_miles"], r["distance_miles"]) for r in data["results"]]
    assert (practitioner.slug, 7, 0.0) in found
    # Demo practitioners who travel to LS1 4AP come too, each from a base close enough.
    for slug, miles, distance in found:
        other = db.session.scalar(db.select(Practitioner).filter_by(slug=slug))
        assert distance == 0.0 and miles == other.travel_miles
        assert (
            haversine_miles(other.travel_latitude, other.travel_longitude, leeds.lat, leeds.lon)
            <= other.travel_miles
        )
    assert data["facets"]["clinic"]["mobile"] == len(found) == data["total"]
    page = client.get(f"/search?{query}").text
    assert "comes to you (up to 7 miles)" in page
    assert sorted(_page_slugs(client, query)) == sorted(slug for slug, _m, _d in found)
    # The profile says so, naming only the base's district.
    profile = client.get(f"/api/v1/practitioners/{practitioner.slug}").get_json()
    assert profile["home_visits"] == {"miles": 7, "from_district": "LS1"}
    assert (
        "Comes to you, up to 7 miles from LS1"
        in client.get(f"/practitioners/{practitioner.slug}").text
    )
    assert "4AP" not in client.get(f"/practitioners/{practitioner.slug}").text
