"""Who may enter the admin area, and the password check before decisions."""

from __future__ import annotations

import time

import pytest

from directory.auth.session import AUTH_AT_KEY
from directory.models import ClaimStatus, PublicationState
from directory.services import verification

from ._support import make_account, make_claim, make_practitioner, sign_in

ADMIN_URLS = [
    "/admin/",
    "/admin/claims",
    "/admin/concerns",
    "/admin/listing-claims",
    "/admin/practitioners",
    "/admin/audit",
    "/admin/audit.csv",
    "/admin/taxonomy",
    "/admin/treatments/new",
    "/admin/bodies/new",
    "/admin/confirm-password",
]

NOTE = {"register_note": "Listed, name matches"}  # what an admin saw on the register


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_anonymous_visitors_find_nothing(client, url):
    assert client.get(url).status_code == 404


def test_a_practitioner_cannot_reach_admin_pages_or_decide(app, client):
    owner = make_account("p@example.org")
    claim = make_claim(make_practitioner("demo-pat-lee", owner))
    sign_in(client, "p@example.org")
    for url in ADMIN_URLS + [f"/admin/claims/{claim.id}"]:
        assert client.get(url).status_code == 404, url
    posted = client.post(
        f"/admin/claims/{claim.id}/approve",
        data={**NOTE, "valid_until": "2030-01-01", "seen": verification.version_of(claim)},
    )
    assert posted.status_code == 404
    assert claim.status is ClaimStatus.PENDING


@pytest.mark.parametrize("url", ADMIN_URLS[:-1])
def test_an_admin_sees_every_page(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_signing_in_takes_an_admin_to_the_dashboard(app, admin, client):
    response = client.post(
        "/sign-in", data={"email": admin.email, "password": "correct horse battery staple"}
    )
    assert response.headers["Location"] == "/account/"
    assert client.get("/account/").headers["Location"] == "/admin/"


def test_an_old_sign_in_must_type_the_password_again_before_deciding(app, admin_client):
    claim = make_claim(make_practitioner("demo-kim-ray", make_account("k@example.org")))
    with admin_client.session_transaction() as session:
        session[AUTH_AT_KEY] = int(time.time()) - app.config["ADMIN_REAUTH_SECONDS"] - 5
    page = admin_client.get(f"/admin/claims/{claim.id}")
    assert page.status_code == 302
    assert page.headers["Location"].startswith("/admin/confirm-password?next=")
    approve = admin_client.post(
        f"/admin/claims/{claim.id}/approve",
        data={**NOTE, "valid_until": "2030-01-01", "seen": verification.version_of(claim)},
    )
    assert approve.status_code == 302 and "confirm-password" in approve.headers["Location"]
    assert claim.status is ClaimStatus.PENDING

    wrong = admin_client.post(page.headers["Location"], data={"password": "not it at all"})
    assert wrong.status_code == 401
    right = admin_client.post(
        page.headers["Location"], data={"password": "correct horse battery staple"}
    )
    assert right.headers["Location"] == f"/admin/claims/{claim.id}"
    assert admin_client.get(f"/admin/claims/{claim.id}").status_code == 200


def test_the_password_prompt_only_returns_to_this_site(admin_client):
    response = admin_client.post(
        "/admin/confirm-password?next=https://evil.example/",
        data={"password": "correct horse battery staple"},
    )
    assert response.headers["Location"] == "/admin/"


def test_unknown_records_are_404(admin_client):
    for url in (
        "/admin/claims/999",
        "/admin/practitioners/999",
        "/admin/concerns/999",
        "/admin/treatments/999",
        "/admin/bodies/999",
    ):
        assert admin_client.get(url).status_code == 404, url


def test_a_draft_listing_is_visible_to_admins(admin_client):
    draft = make_practitioner("demo-dee-draft", state=PublicationState.DRAFT)
    page = admin_client.get(f"/admin/practitioners/{draft.id}")
    assert page.status_code == 200 and "Demo Dee Draft" in page.text


@pytest.mark.parametrize(
    "target",
    [
        "/%09/evil.example",
        "/%0a/evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "/%0d%0aSet-Cookie:x=1",
    ],
)
def test_no_way_off_the_site_after_typing_the_password(admin_client, client, target):
    for who, url in ((admin_client, "/admin/confirm-password"), (client, "/sign-in")):
        response = who.post(
            f"{url}?next={target}",
            data={"email": "admin@example.org", "password": "correct horse battery staple"},
        )
        assert response.status_code == 302, (url, target)
        location = response.headers["Location"]
        assert location.startswith("/") and not location.startswith("//"), (url, location)
        assert "evil" not in location


@pytest.mark.parametrize(
    "url",
    [
        "/admin/audit?endpoint=x",
        "/admin/audit?_method=POST&_external=1",
        "/admin/audit?practitioner=%C2%B2",
        "/admin/audit?practitioner=99999999999999999999999",
        "/admin/audit?page=99999999999999999999",
        "/admin/audit?until=9999-12-31&since=0001-01-01",
        "/admin/audit.csv?until=9999-12-31",
        "/admin/audit?actor=%00x",
        "/admin/practitioners?page=99999999999999999999&q=%00",
        "/admin/claims?body=%00",
    ],
)
def test_odd_query_strings_are_answered_not_crashed(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code in (200, 400), response.status_code
    assert "endpoint=" not in response.text and "_external=" not in response.text


def test_routing_does_not_reveal_the_admin_area_either(client, admin_client):
    assert client.get("/admin").status_code == 404
    wrong_method = client.get("/admin/claims/1/approve")
    assert wrong_method.status_code == 404 and "Allow" not in wrong_method.headers
    assert admin_client.get("/admin").status_code == 200
    assert admin_client.get("/admin/claims/1/approve").status_code == 405
