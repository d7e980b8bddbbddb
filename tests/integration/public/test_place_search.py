"""Places as people type them, and Northern Ireland, through the page and the API
(issue 13). Real tables, real demo data, real index."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from directory.geo import haversine_miles
from directory.geo.tables import DEFAULT_DIR
from directory.models import Clinic, LocationPrecision
from directory.services import clinics

# (typed, the label the search answers with)
LANDS = [
    ("Newcastle", "Newcastle upon Tyne, England"),
    ("Stoke", "Stoke-on-Trent, England"),
    ("Southend", "Southend-on-Sea, England"),
    ("Hull", "Kingston upon Hull, England"),
    ("Newport, Isle of Wight", "Newport, Isle of Wight"),
    ("Newport Isle of Wight", "Newport, Isle of Wight"),
    ("Newport, Shropshire", "Newport, Telford and Wrekin"),
    ("Newport", "Newport, Wales"),
    ("Leeds LS1", "LS1 (district)"),
    ("Caerdydd", "Cardiff, Wales"),
    ("Abertawe", "Swansea, Wales"),
    ("St. Albans", "St Albans, England"),
    ("Saint Albans", "St Albans, England"),
    ("Kings Lynn", "King's Lynn, King's Lynn and West Norfolk"),
    ("Stratford upon Avon", "Stratford-upon-Avon, Stratford-on-Avon"),
    ("Belfast", "Belfast, County Antrim"),
    ("Derry", "Derry, County Londonderry"),
    ("Londonderry", "Derry, County Londonderry"),
    ("Enniskillen", "Enniskillen, County Fermanagh"),
    ("BT1 1AA", "BT1 (Belfast)"),
]
# (typed, labels that must be among the candidates offered)
ASKS = [
    ("Woodford", {"Woodford, London Borough of Redbridge", "Woodford, North Northamptonshire"}),
    (
        "Kensington",
        {"Kensington, Royal Borough of Kensington and Chelsea", "Kensington, Liverpool"},
    ),  # fmt: skip
    ("Richmond", {"Richmond, London Borough of Richmond upon Thames", "Richmond, North Yorkshire"}),
    ("Bangor", {"Bangor, County Down", "Bangor, Gwynedd"}),
]


def api(client, location: str, **extra: str):
    return client.get("/api/v1/search", query_string={"location": location, **extra})


def test_places_land_where_people_mean(indexed, client):
    # One seeded app for the lot: seeding per example would take minutes.
    for typed, label in LANDS:
        response = api(client, typed)
        assert response.status_code == 200, (typed, response.get_json())
        assert response.get_json()["location"]["label"] == label, typed
        page = client.get("/search", query_string={"location": typed})
        assert page.status_code == 200, typed
        assert label in unescape(page.text), typed


def test_a_short_form_names_the_others_with_working_links(indexed, client):
    data = api(client, "Newcastle").get_json()["location"]
    others = {c["label"]: c for c in data["candidates"]}
    assert "Newcastle, County Down" in others
    assert "Newcastle under Lyme, England" in others
    assert others["Newcastle, County Down"]["authority"] == "County Down"
    assert "could also mean" in data["note"]
    html = unescape(client.get("/search?location=Newcastle&treatment=mesotherapy").text)
    links = re.findall(r'<li><a href="(/search\?[^"]+)">(Newcastle[^<]*)</a></li>', html)
    assert "Newcastle, County Down" in {label for _url, label in links}
    for url, label in links:
        assert "treatment=mesotherapy" in url
        followed = client.get(url)
        assert followed.status_code == 200 and label in unescape(followed.text)


def test_ambiguous_names_offer_every_candidate_labelled(indexed, client):
    for typed, labels in ASKS:
        response = api(client, typed)
        assert response.status_code == 422, typed
        candidates = response.get_json()["error"]["candidates"]
        assert labels <= {c["label"] for c in candidates}, typed
        page = client.get("/search", query_string={"location": typed})
        assert page.status_code == 422
        for label in labels:
            assert label in unescape(page.text), typed


def test_a_typo_gets_did_you_mean_with_coordinates(indexed, client):
    error = api(client, "Manchestr").get_json()["error"]
    assert error["code"] == "unknown_location"
    assert error["suggestion"] == "Manchester, England"
    assert error["did_you_mean"]["label"] == "Manchester, England"
    assert error["did_you_mean"]["lat"] == pytest.approx(53.48, abs=0.01)
    page = unescape(client.get("/search?location=Manchestr").text)
    assert "Did you mean" in page and "Manchester, England" in page


def test_northern_ireland_finds_its_practitioners_nearest_first(indexed, client):
    for typed in ("Belfast", "BT1 1AA"):
        data = api(client, typed, radius="25").get_json()
        results = data["results"]
        assert results, data
        distances = [r["distance_miles"] for r in results]
        assert distances == sorted(distances)
        nearest = results[0]["nearest_clinic"]
        assert nearest["postcode"].startswith("BT") and nearest["town"] == "Belfast"
        assert {r["slug"] for r in results} >= {"demo-angus-gill", "demo-nathan-nair"}
    for typed, town in (("Derry", "Londonderry"), ("Enniskillen", "Enniskillen")):
        nearest = api(client, typed).get_json()["results"][0]
        assert nearest["nearest_clinic"]["town"] == town, typed
        assert nearest["distance_miles"] < 2, typed
    data = api(client, "BT1 1AA").get_json()
    assert data["location"]["precision"] == "district"
    assert "Approximate" in data["location"]["note"]
    assert "Approximate" in unescape(client.get("/search?location=BT1+1AA").text)


def test_ni_clinics_are_placed_at_their_district(app):
    enniskillen = Clinic(name="Demo", postcode="bt74 6dn")
    clinics.locate(enniskillen)
    assert enniskillen.precision is LocationPrecision.DISTRICT
    assert enniskillen.postcode == "BT74 6DN"
    assert "Approximate" in (enniskillen.location_note or "")
    assert enniskillen.latitude is not None and enniskillen.longitude is not None
    town = (54.34615, -7.64133)  # Enniskillen, GeoNames
    assert haversine_miles(enniskillen.latitude, enniskillen.longitude, *town) < 1


def test_a_clinic_postcode_that_does_not_exist_is_refused(app):
    clinic = Clinic(name="Demo", postcode="LS99 9ZZ")
    clinics.locate(clinic)
    assert clinic.precision is LocationPrecision.UNRESOLVED
    assert clinic.latitude is None and clinic.longitude is None
    assert "LS99 9ZZ is not a postcode in our data" in (clinic.location_note or "")


def test_footer_and_readme_credit_every_geodata_source(client):
    manifest = json.loads((DEFAULT_DIR / "manifest.json").read_text(encoding="utf-8"))
    footer = " ".join(unescape(client.get("/").text).split())
    readme = " ".join((DEFAULT_DIR.parents[1] / "README.md").read_text(encoding="utf-8").split())
    credits = {
        "Crown copyright": "Crown copyright and database right 2025",
        "GeoNames": "Place data from GeoNames (geonames.org), CC BY 4.0",
        "Wikipedia": "CC BY-SA 4.0",
    }
    for line in manifest["attribution"]:
        source = next(name for name in credits if name in line)
        assert credits[source] in footer, source
        assert credits[source] in readme, source
