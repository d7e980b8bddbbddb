"""Rate limits and CSRF, on apps built with those protections switched on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from directory import create_app
from directory.extensions import db

from ._support import PASSWORD


def _protected_app(database_url: str, tmp_path: Path, **extra: object) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            "SEARCH_INDEX_DIR": str(tmp_path / "index"),
            "SEARCH_INLINE_INDEXING": False,
            "MAIL_DIR": str(tmp_path / "mail"),
            "RATELIMIT_STORAGE_URI": "memory://",
            **extra,
        }
    )
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def limited(app: Flask, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    yield from _protected_app(
        database_url, tmp_path, RATELIMIT_ENABLED=True, WTF_CSRF_ENABLED=False
    )
    # Leave the shared limiter as the other tests expect it: off.
    create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": False,
            "SECRET_KEY": "x" * 40,
        }
    )


@pytest.fixture
def csrf_app(app: Flask, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    yield from _protected_app(
        database_url, tmp_path, RATELIMIT_ENABLED=False, WTF_CSRF_ENABLED=True
    )


def test_burst_of_wrong_passwords_is_stopped_for_real_and_unknown_accounts(limited):
    client = limited.test_client()
    client.post(
        "/sign-up", data={"email": "amira@example.org", "password": PASSWORD, "confirm": PASSWORD}
    )
    for email in ("amira@example.org", "ghost@example.org"):
        codes = [
            client.post(
                "/sign-in",
                data={"email": email, "password": f"guess {i:02d} xxxxx"},
                environ_base={"REMOTE_ADDR": f"10.0.0.{i}"},
            ).status_code
            for i in range(7)
        ]
        assert codes[:5] == [401] * 5 and codes[5:] == [429, 429], (email, codes)
    # Even the right password waits out the limit, and the page says nothing more.
    blocked = client.post("/sign-in", data={"email": "AMIRA@example.org ", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "amira" not in blocked.text.lower()


def test_sign_in_is_limited_per_address_too(limited):
    client = limited.test_client()
    limited.config["AUTH_LIMIT_SIGN_IN_IP"] = "3 per minute"
    codes = [
        client.post(
            "/sign-in", data={"email": f"u{i}@example.org", "password": "x" * 12}
        ).status_code
        for i in range(4)
    ]
    assert codes == [401, 401, 401, 429]


def test_reset_and_sign_up_are_limited_per_email(limited):
    client = limited.test_client()
    for i in range(3):
        assert (
            client.post(
                "/reset-password",
                data={"email": "jo@example.org"},
                environ_base={"REMOTE_ADDR": f"10.1.0.{i}"},
            ).status_code
            == 200
        )
    assert (
        client.post(
            "/reset-password",
            data={"email": "jo@example.org"},
            environ_base={"REMOTE_ADDR": "10.1.0.9"},
        ).status_code
        == 429
    )
    data = {"email": "new@example.org", "password": PASSWORD, "confirm": PASSWORD}
    codes = [
        client.post("/sign-up", data=data, environ_base={"REMOTE_ADDR": f"10.2.0.{i}"}).status_code
        for i in range(4)
    ]
    assert codes == [200, 200, 200, 429]


def test_forms_without_a_csrf_token_are_refused(csrf_app):
    client = csrf_app.test_client()
    response = client.post(
        "/sign-up", data={"email": "jo@example.org", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert response.status_code == 400
    assert db.session.scalar(db.text("select count(*) from accounts")) == 0
    assert (
        client.post("/sign-in", data={"email": "a@example.org", "password": "x" * 12}).status_code
        == 400
    )
    assert client.post("/sign-out").status_code == 400
    assert client.post("/account/publish").status_code == 400
    assert client.post("/account/clinics/1/remove").status_code == 400
    page = client.get("/sign-up")
    assert 'name="csrf_token"' in page.text
