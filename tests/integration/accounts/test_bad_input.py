"""Bad input answers a clear message and a 4xx, never a 500, and loses nothing saved."""

from __future__ import annotations

import pytest

from directory.extensions import db
from directory.models import Clinic, LocationPrecision, Practitioner, Treatment
from directory.services import accounts

from ._support import CLINICS, PASSWORD, PROFILE, body_id

NUL = "\x00"


def _mine() -> Practitioner:
    db.session.expire_all()
    account = accounts.find_by_email("amira@example.org")
    return db.session.scalar(db.select(Practitioner).filter_by(owner_id=account.id))


def _treatment(slug: str = "mesotherapy") -> int:
    return db.session.scalar(db.select(Treatment.id).filter_by(slug=slug))


def test_control_characters_never_reach_the_database(client, practitioner):
    # PostgreSQL refuses NUL in text; the forms drop control characters before it matters.
    for path, data in (
        ("/sign-in", {"email": f"a{NUL}@example.org", "password": "x" * 12}),
        (
            "/sign-up",
            {
                "email": f"b{NUL}@example.org",
                "password": PASSWORD,
                "confirm": PASSWORD,
                "terms": "y",
            },
        ),
        ("/reset-password", {"email": f"c{NUL}@example.org"}),
    ):
        assert client.post(path, data=data).status_code < 500, path
    data = PROFILE | {"regulator": body_id("nmc"), "display_name": f"Amira{NUL} Shah\x07"}
    assert practitioner.post("/account/profile", data=data).status_code == 302
    assert _mine().display_name == "Amira Shah"
    clinic = CLINICS[0] | {"name": f"Leeds{NUL} Studio", "town": f"Leeds{NUL}"}
    assert practitioner.post("/account/clinics/new", data=clinic).status_code == 302
    assert _mine().clinics[0].name == "Leeds Studio"


@pytest.mark.parametrize(
    "price",
    ["1e999999999", "1e3", "-5", "0", "abc", "£", "12.345", "NaN", "Infinity", "150,00.0"],
)
def test_nonsense_prices_are_refused_with_a_message(practitioner, price):
    data = {"treatment": _treatment(), "price": price}
    response = practitioner.post("/account/treatments/new", data=data)
    assert response.status_code == 400, price
    assert "price" in response.text.lower()
    assert _mine().offers == []


@pytest.mark.parametrize("price, pence", [("150", 15000), ("£1,150.50", 115050), (" 99.9 ", 9990)])
def test_prices_people_type_are_understood(practitioner, price, pence):
    response = practitioner.post(
        "/account/treatments/new", data={"treatment": _treatment(), "price": price}
    )
    assert response.status_code == 302
    assert _mine().offers[0].price_from_pence == pence


def test_unknown_treatment_or_body_is_a_form_error(practitioner):
    response = practitioner.post("/account/treatments/new", data={"treatment": "banana"})
    assert response.status_code == 400
    response = practitioner.post("/account/treatments/new", data={"treatment": "999999"})
    assert response.status_code == 400
    response = practitioner.post(
        "/account/claims",
        data={"body": "999999", "number": "X123"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    data = PROFILE | {"regulator": "999999", "profession": "astronaut"}
    assert practitioner.post("/account/profile", data=data).status_code == 400


def test_links_must_be_web_addresses(practitioner):
    for bad in ("javascript://example.org/%0aalert(1)", "ftp://example.org/x", "example"):
        for field in ("website", "booking_url"):
            data = PROFILE | {"regulator": body_id("nmc"), field: bad}
            response = practitioner.post("/account/profile", data=data)
            assert response.status_code == 400, (field, bad)
            assert bad in response.text  # what was typed stays in the form
    assert _mine().website == PROFILE["website"]


def test_a_failed_clinic_edit_keeps_what_was_typed_and_what_was_saved(practitioner):
    practitioner.post("/account/clinics/new", data=CLINICS[0])
    clinic_id = _mine().clinics[0].id
    typed = {"name": "Renamed Studio", "address_line1": "9 New Street", "postcode": "not a code"}
    response = practitioner.post(f"/account/clinics/{clinic_id}/edit", data=typed)
    assert response.status_code == 400
    assert 'value="Renamed Studio"' in response.text
    assert 'value="9 New Street"' in response.text
    assert 'value="not a code"' in response.text
    saved = db.session.get(Clinic, clinic_id)
    db.session.refresh(saved)
    assert saved.name == "Leeds Skin Studio" and saved.postcode == "LS1 5AB"


def test_a_clinic_needs_its_full_postcode(practitioner):
    response = practitioner.post("/account/clinics/new", data=CLINICS[0] | {"postcode": "LS1"})
    assert response.status_code == 400
    assert "full postcode" in response.text
    assert _mine().clinics == []


def test_a_geocoder_failure_never_loses_the_clinic(practitioner, monkeypatch):
    from directory import geo

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the postcode tables are unreadable")

    monkeypatch.setattr(geo, "resolve_postcode", broken)
    response = practitioner.post("/account/clinics/new", data=CLINICS[0], follow_redirects=True)
    assert response.status_code == 200
    [clinic] = _mine().clinics
    assert clinic.name == "Leeds Skin Studio" and clinic.postcode == "LS1 5AB"
    assert clinic.precision is LocationPrecision.UNRESOLVED
    assert "could not place" in response.text


def test_regulator_errors_point_at_the_field_that_is_wrong(practitioner):
    data = PROFILE | {"regulator": "", "registration_number": "12A3456E"}
    response = practitioner.post("/account/profile", data=data)
    assert response.status_code == 400
    assert 'href="#regulator"' in response.text
    data = PROFILE | {"regulator": body_id("nmc"), "registration_number": "1234567"}
    response = practitioner.post("/account/profile", data=data)
    assert 'href="#registration_number"' in response.text
