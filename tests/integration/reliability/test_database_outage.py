"""PostgreSQL stopped or hung: every request answers 503 quickly, and all recovers.

Runs against a PostgreSQL server of the test's own (see ``_servers``), which the
tests stop, start and freeze with SIGSTOP.
"""

from __future__ import annotations

import time

from flask import Flask

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import Account, Role
from directory.services import accounts

PASSWORD = "correct horse battery staple"
EMAIL = "amira@example.org"


def _signed_in(app: Flask):
    with app.app_context():
        db.session.add(
            Account(
                email=EMAIL,
                password_hash=accounts.hash_password(PASSWORD),
                role=Role.PRACTITIONER,
                email_verified_at=utcnow(),
            )
        )
        db.session.commit()
    client = app.test_client()
    response = client.post("/sign-in", data={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 302, response.text
    assert client.get("/account/profile").status_code == 200
    return client


def _assert_unavailable(response, retry_after: str = "30") -> None:
    assert response.status_code == 503, response.text[:400]
    assert response.headers["Retry-After"] == retry_after


def test_a_stopped_database_answers_503_everywhere_and_recovers(outage_app, spare_postgres):
    app = outage_app()
    client = _signed_in(app)
    spare_postgres.stop()

    page = client.get("/account/")  # the signed-in user is loaded from the database
    _assert_unavailable(page)
    assert "not answering" in page.text and "Internal Server Error" not in page.text
    api = client.get("/api/v1/search?q=botox")
    _assert_unavailable(api)
    assert api.get_json()["error"]["code"] == "service_unavailable"
    _assert_unavailable(client.get("/health"))
    assert client.get("/health").get_json()["checks"]["database"].startswith("unavailable")
    assert client.get("/health/live").status_code == 200

    typed = {
        "display_name": "Amira Shah",
        "title": "Ms",
        "profession": "nurse",
        "bio": "Nurse prescriber & trainer <since 2012>",
        "password": "not-echoed",
    }
    saved = client.post("/account/profile", data=typed)
    _assert_unavailable(saved)
    assert "Nurse prescriber &amp; trainer &lt;since 2012&gt;" in saved.text
    assert 'action="/account/profile"' in saved.text
    assert "not-echoed" not in saved.text

    spare_postgres.start()
    assert client.get("/account/").status_code == 200
    assert client.get("/health").status_code == 200


def test_a_hung_database_fails_fast_with_503(outage_app, spare_postgres):
    app = outage_app(RETRY_AFTER_SECONDS=5)
    client = _signed_in(app)
    spare_postgres.freeze()
    # Statement timeout 1 s + 2 s margin for a pooled connection; 2 s to connect. The
    # bound leaves room for a loaded 2-core machine (6-7 s seen there); without the
    # timeouts these requests never return.
    for url in ("/health", "/account/", "/api/v1/search?q=botox"):
        started = time.monotonic()
        response = client.get(url)
        elapsed = time.monotonic() - started
        _assert_unavailable(response, "5")
        assert elapsed < 10, f"{url} took {elapsed:.1f} s"
    assert client.get("/health/live").status_code == 200

    spare_postgres.thaw()
    assert client.get("/account/").status_code == 200
    assert client.get("/health").status_code == 200
