"""Odd URLs get a 4xx, never a 500 (NUL bytes, ids beyond PostgreSQL's integer), and the
admin area looks the same to outsiders whether a route exists or not."""

from __future__ import annotations

import pytest

from directory.services import accounts

from ._support import PASSWORD, csrf_token

BIG = 2**31


@pytest.mark.parametrize(
    "path",
    ["/practitioners/%00", "/api/v1/practitioners/%00", "/treatments/%00", "/practitioners/a%00b"],
)
def test_a_nul_in_a_slug_is_not_found(seeded, client, path):
    assert client.get(path).status_code == 404


def test_a_nul_in_the_listing_search_is_dropped(seeded, signed_up):
    client = signed_up()
    response = client.get("/account/listing?q=a%00b")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        f"/account/claims/{BIG}/edit",
        f"/account/claims/{BIG}/evidence",
        f"/account/clinics/{BIG}/edit",
        f"/account/treatments/{BIG * 4}/edit",
    ],
)
def test_huge_ids_in_account_urls_are_not_found(practitioner, path):
    assert practitioner.get(path).status_code == 404
    if path.endswith("/edit"):
        assert practitioner.post(path.replace("/edit", "/remove"), data={}).status_code == 404


def _admin(app):  # type: ignore[no-untyped-def]
    accounts.create_admin("admin@example.org", PASSWORD)
    client = app.test_client()
    client.post("/sign-in", data={"email": "admin@example.org", "password": PASSWORD})
    return client


@pytest.mark.parametrize(
    "path",
    [
        f"/admin/claims/{BIG}",
        f"/admin/claims/{BIG}/evidence",
        f"/admin/practitioners/{BIG}",
        f"/admin/treatments/{BIG}",
        f"/admin/bodies/{BIG}",
        f"/admin/concerns/{BIG}",
    ],
)
def test_huge_ids_in_admin_urls_are_not_found(app, path):
    assert _admin(app).get(path).status_code == 404


def test_outsiders_cannot_tell_real_admin_routes_from_made_up_ones(make_app):
    site = make_app(WTF_CSRF_ENABLED=True)
    anonymous = site.test_client()
    real, made_up = "/admin/claims/1/approve", "/admin/claims/1/approve-everything"
    assert anonymous.post(real).status_code == 404
    assert anonymous.post(made_up).status_code == 404
    assert anonymous.post("/admin/taxonomy").status_code == 404
    # A signed-in practitioner is an outsider too.
    data = {"email": "amira@example.org", "password": PASSWORD, "confirm": PASSWORD}
    accounts.sign_up(data["email"], PASSWORD)
    insider = site.test_client()
    page = insider.get("/sign-in").text
    insider.post(
        "/sign-in",
        data={"email": data["email"], "password": PASSWORD, "csrf_token": csrf_token(page)},
    )
    assert insider.get("/account/settings").status_code == 200
    assert insider.post(real).status_code == 404
    # Admins still need the token.
    accounts.create_admin("admin@example.org", PASSWORD)
    admin = site.test_client()
    page = admin.get("/sign-in").text
    admin.post(
        "/sign-in",
        data={"email": "admin@example.org", "password": PASSWORD, "csrf_token": csrf_token(page)},
    )
    assert admin.get("/admin/").status_code == 200
    assert admin.post(real).status_code == 400
