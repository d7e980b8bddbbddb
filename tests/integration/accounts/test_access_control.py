"""CSRF on every form, sign-in walls, and fields a practitioner can never set."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from directory.extensions import db
from directory.models import Account, Practitioner, PublicationState, Role

from ._support import PASSWORD, PROFILE, Mailbox, body_id, csrf_token


@pytest.fixture
def protected(seeded: Flask, make_app: Callable[..., Flask]) -> Flask:
    """The seeded database behind an app with CSRF protection on, as in production."""
    return make_app(WTF_CSRF_ENABLED=True)


def _post_with_token(client: FlaskClient, form_page: str, path: str, data: dict[str, object]):  # type: ignore[no-untyped-def]
    token = csrf_token(client.get(form_page).text)
    return client.post(path, data=data | {"csrf_token": token})


def _signed_in(app: Flask, tmp_path: Path) -> FlaskClient:
    """Sign up, verify and sign in through the real forms, tokens and all."""
    client = app.test_client()
    data = {"email": "amira@example.org", "password": PASSWORD, "confirm": PASSWORD, "terms": "y"}
    assert _post_with_token(client, "/sign-up", "/sign-up", data).status_code == 200
    link = Mailbox(tmp_path / "mail").link()
    assert _post_with_token(client, link, link, {"password": PASSWORD}).status_code == 302
    data = {"email": "amira@example.org", "password": PASSWORD}
    assert _post_with_token(client, "/sign-in", "/sign-in", data).status_code == 302
    return client


def _post_routes(app: Flask) -> list[str]:
    """Every POST address of the sign-in and practitioner areas, with placeholder ids."""
    paths = []
    for rule in app.url_map.iter_rules():
        ours = rule.endpoint.startswith(("auth.", "account."))
        if not ours or "POST" not in (rule.methods or ()):
            continue
        values = {name: 1 if name.endswith("_id") else "x" for name in rule.arguments}
        paths.append(rule.build(values)[1])  # type: ignore[index]
    return sorted(paths)


def test_forms_work_with_their_token(protected, tmp_path):
    client = _signed_in(protected, tmp_path)
    data = PROFILE | {"regulator": body_id("nmc")}
    response = _post_with_token(client, "/account/profile", "/account/profile", data)
    assert response.status_code == 302
    token = csrf_token(client.get("/account/settings").text, "pw-csrf_token")
    new = "a new and longer passphrase"
    change = {"pw-current": PASSWORD, "pw-password": new, "pw-confirm": new}
    response = client.post("/account/settings/password", data=change | {"pw-csrf_token": token})
    assert response.status_code == 302
    response = _post_with_token(client, "/account/", "/sign-out", {})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 302  # signed out


def test_every_form_refuses_a_post_without_its_token(protected, tmp_path):
    client = _signed_in(protected, tmp_path)
    _post_with_token(
        client, "/account/profile", "/account/profile", PROFILE | {"regulator": body_id("nmc")}
    )
    paths = _post_routes(protected)
    assert {"/sign-in", "/sign-up", "/sign-out", "/account/publish", "/account/claims"} <= set(
        paths
    )
    for path in paths:
        response = client.post(path, data={"email": "x@example.org", "status": "verified"})
        assert response.status_code == 400, path
        response = client.post(path, data={"csrf_token": "forged"})
        assert response.status_code == 400, path
    assert client.get("/account/").status_code == 200  # still signed in: sign-out refused too
    mine = db.session.scalar(db.select(Practitioner).filter_by(display_name="Amira Shah"))
    assert mine.state is PublicationState.DRAFT


def test_an_oversized_anonymous_upload_is_refused_before_it_is_read(protected):
    response = protected.test_client().post(
        "/account/claims",
        data=b"0" * (7 * 1024 * 1024),
        content_type="multipart/form-data; boundary=x",
    )
    assert response.status_code == 413


def test_account_pages_need_a_signed_in_practitioner(seeded, client):
    for path in (
        "/account/",
        "/account/profile",
        "/account/clinics",
        "/account/claims",
        "/account/preview",
        "/account/listing",
        "/account/settings",
        "/account/claims/1/evidence",
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/sign-in" in response.headers["Location"], path


def test_fields_only_staff_may_set_never_come_from_a_form(practitioner):
    forged = {
        "state": "published",
        "suspension_reason": "",
        "is_demo": "1",
        "owner_id": "1",
        "role": "admin",
        "email_verified_at": "",
        "is_active": "0",
    }
    practitioner.post("/account/profile", data=PROFILE | {"regulator": body_id("nmc")} | forged)
    practitioner.post("/account/publish", data=forged)  # not ready: stays a draft
    practitioner.post("/account/settings/email", data=forged)
    db.session.expire_all()
    account = db.session.scalar(db.select(Account).filter_by(email="amira@example.org"))
    assert account.role is Role.PRACTITIONER and account.is_active and account.email_verified
    mine = db.session.scalar(db.select(Practitioner).filter_by(owner_id=account.id))
    assert mine.state is PublicationState.DRAFT and not mine.is_demo
