"""Search and the API are limited per client address (generously: the defaults never
bother a person), claims and listing claims per account."""

from __future__ import annotations

import io

import pytest

from directory.config import Defaults
from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import Practitioner, PublicationState
from directory.services import accounts

from ._support import PASSWORD, PROFILE, body_id


@pytest.fixture
def limited(make_app):  # type: ignore[no-untyped-def]
    app = make_app(RATELIMIT_ENABLED=True)
    yield app
    make_app(RATELIMIT_ENABLED=False)


def test_the_defaults_are_generous():
    assert Defaults.AUTH_LIMIT_SEARCH_IP.startswith("120 per minute")
    assert Defaults.AUTH_LIMIT_API_IP.startswith("300 per minute")


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("SEARCH_IP", "/search?location=Leeds"),
        ("API_IP", "/api/v1/treatments"),
        ("API_IP", "/api/v1/search?location=Leeds"),
    ],
)
def test_search_and_api_are_limited_per_address(seeded, limited, name, path):
    limited.config[f"AUTH_LIMIT_{name}"] = "3 per minute"
    client = limited.test_client()
    codes = [client.get(path).status_code for _ in range(4)]
    assert codes[3] == 429 and 429 not in codes[:3], codes
    other = client.get(path, environ_base={"REMOTE_ADDR": "10.3.3.3"})
    assert other.status_code != 429  # another address has its own count


def _practitioner(app):  # type: ignore[no-untyped-def]
    account, _ = accounts.sign_up("amira@example.org", PASSWORD)
    account.email_verified_at = utcnow()
    db.session.commit()
    client = app.test_client()
    client.post("/sign-in", data={"email": "amira@example.org", "password": PASSWORD})
    return client


def test_claim_submissions_are_limited_per_account(seeded, limited):
    limited.config["AUTH_LIMIT_CLAIM_ACCOUNT"] = "2 per hour"
    client = _practitioner(limited)
    client.post("/account/profile", data=PROFILE | {"regulator": body_id("nmc")})
    codes = []
    for number in ("JCCP1", "JCCP2", "JCCP3"):
        data = {
            "body": body_id("jccp"),
            "number": number,
            "evidence": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "c.pdf"),
        }
        codes.append(client.post("/account/claims", data=data).status_code)
    assert codes[2] == 429, codes


def test_listing_claims_are_limited_per_account(seeded, limited):
    limited.config["AUTH_LIMIT_LISTING_CLAIM_ACCOUNT"] = "2 per hour"
    client = _practitioner(limited)
    query = (
        db.select(Practitioner.id)
        .where(Practitioner.owner_id.is_(None), Practitioner.state == PublicationState.PUBLISHED)
        .limit(3)
    )
    codes = [
        client.post(f"/account/listing/{pid}/claim", data={"message": "mine"}).status_code
        for pid in db.session.scalars(query)
    ]
    assert codes == [302, 302, 429], codes
