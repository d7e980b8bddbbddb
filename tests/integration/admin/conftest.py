"""Fixtures for the admin tests: the real taxonomy and bodies, a signed-in admin, a
mailbox, and a practitioner with a pending claim."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from directory.models import Role

from ._support import make_account, sign_in

SEED_DIR = Path(__file__).resolve().parents[3] / "seed_data"


@pytest.fixture(autouse=True)
def _taxonomy(reference_data: Flask) -> None:
    """Every admin test starts from a copy of the real taxonomy and bodies (built once)."""


@pytest.fixture
def admin(app: Flask):  # noqa: ANN201
    return make_account("admin@example.org", Role.ADMIN)


@pytest.fixture
def admin_client(app: Flask, admin: object) -> FlaskClient:
    return sign_in(app.test_client(), "admin@example.org")
