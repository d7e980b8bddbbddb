"""Fixtures for the practitioner-account tests: a mailbox per test, signed-in clients."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from factories import sign_in
from flask import Flask
from flask.testing import FlaskClient

from directory.extensions import db

from ._support import PASSWORD, PROFILE, Mailbox, body_id, build_app


@pytest.fixture
def signed_up(client: FlaskClient, mailbox: Mailbox) -> Callable[..., FlaskClient]:
    """Sign up, verify and sign in ``email`` on ``client``; returns the client."""

    def make(email: str = "amira@example.org", on: FlaskClient | None = None) -> FlaskClient:
        c = on or client
        _sign_up(c, mailbox, email)
        return sign_in(c, email)

    return make


def _sign_up(client: FlaskClient, mailbox: Mailbox, email: str) -> None:
    client.post(
        "/sign-up",
        data={"email": email, "password": PASSWORD, "confirm": PASSWORD, "terms": "y"},
    )
    client.post(mailbox.link(email), data={"password": PASSWORD})


def _draft_nurse(app: Flask) -> None:
    """The state ``practitioner`` starts from: Amira signed up through the site, confirmed
    her address and saved a draft profile (nurse, NMC)."""
    client = app.test_client()
    _sign_up(client, Mailbox(Path(app.config["MAIL_DIR"])), "amira@example.org")
    sign_in(client, "amira@example.org")
    response = client.post("/account/profile", data=PROFILE | {"regulator": body_id("nmc")})
    assert response.status_code == 302, response.text


@pytest.fixture
def practitioner(
    seeded: Flask, built_once: Callable[..., None], client: FlaskClient
) -> FlaskClient:
    """A signed-in, verified practitioner with a draft profile (nurse, NMC). The state is
    built through the site once per session and copied (its sign-up mail is not in this
    test's mailbox); the client then signs in."""
    built_once("draft-nurse", _draft_nurse)
    return sign_in(client, "amira@example.org")


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
