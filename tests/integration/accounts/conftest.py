"""Fixtures for the practitioner-account tests: a mailbox per test, signed-in clients."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from directory.extensions import db

from ._support import PASSWORD, PROFILE, Mailbox, body_id, build_app


@pytest.fixture
def signed_up(client: FlaskClient, mailbox: Mailbox) -> Callable[..., FlaskClient]:
    """Sign up, verify and sign in ``email`` on ``client``; returns the client."""

    def make(email: str = "amira@example.org", on: FlaskClient | None = None) -> FlaskClient:
        c = on or client
        c.post(
            "/sign-up",
            data={"email": email, "password": PASSWORD, "confirm": PASSWORD, "terms": "y"},
        )
        c.post(mailbox.link(email), data={"password": PASSWORD})
        response = c.post("/sign-in", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302, response.text
        return c

    return make


@pytest.fixture
def practitioner(seeded: Flask, signed_up: Callable[..., FlaskClient]) -> FlaskClient:
    """A signed-in, verified practitioner with a draft profile (nurse, NMC)."""
    client = signed_up()
    response = client.post("/account/profile", data=PROFILE | {"regulator": body_id("nmc")})
    assert response.status_code == 302, response.text
    return client


@pytest.fixture
def make_app(app: Flask, database_url: str, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """``make_app(**config)``: another app on this test's database (a second worker, or
    one with CSRF or rate limits on); its mail goes to this test's mailbox."""
    made: list[Flask] = []

    def make(**extra: object) -> Flask:
        other = build_app(
            database_url, tmp_path / f"app{len(made)}", MAIL_DIR=str(tmp_path / "mail"), **extra
        )
        made.append(other)
        return other

    yield make
    from directory.search.inline import stop_inline

    for other in made:
        stop_inline(other)
        with other.app_context():
            db.session.remove()
            db.engine.dispose()
