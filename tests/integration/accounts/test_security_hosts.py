"""Absolute links never follow the Host header; production refuses unknown hosts."""

from __future__ import annotations

import pytest
from factories import PRODUCTION_CONFIG

from directory import create_app
from directory.extensions import db

from ._support import PASSWORD, Mailbox

EVIL = {"Host": "evil.example"}
FORWARDED = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"}
PUBLIC = "https://directory.example.org"


@pytest.mark.parametrize("headers", [EVIL, FORWARDED])
def test_reset_and_verification_links_point_at_the_public_site(make_app, tmp_path, headers):
    site = make_app(PROXY_COUNT=1, PUBLIC_BASE_URL=PUBLIC)
    client = site.test_client()
    data = {"email": "admin@example.org", "password": PASSWORD, "confirm": PASSWORD, "terms": "y"}
    client.post("/sign-up", data=data, headers=headers)
    client.post("/reset-password", data={"email": "admin@example.org"}, headers=headers)
    client.post("/reset-password", data={"email": "ghost@example.org"}, headers=headers)
    bodies = [m.get_content() for m in Mailbox(tmp_path / "mail").messages()]
    assert len(bodies) == 3
    for body in bodies:
        assert "evil.example" not in body
        assert f"{PUBLIC}/" in body


@pytest.mark.parametrize("headers", [EVIL, FORWARDED])
def test_api_urls_openapi_and_canonical_links_ignore_the_host(seeded, make_app, headers):
    from directory.models import Practitioner, PublicationState

    site = make_app(PROXY_COUNT=1, PUBLIC_BASE_URL=PUBLIC)
    client = site.test_client()
    published = db.select(Practitioner.slug).filter_by(state=PublicationState.PUBLISHED)
    slug = db.session.scalars(published.limit(1)).one()
    doc = client.get("/api/v1/openapi.json", headers=headers).get_json()
    assert doc["servers"] == [{"url": f"{PUBLIC}/api/v1"}]
    treatments = client.get("/api/v1/treatments", headers=headers).get_json()["treatments"]
    assert treatments[0]["url"].startswith(f"{PUBLIC}/treatments/")
    one = client.get(f"/api/v1/practitioners/{slug}", headers=headers)
    assert one.get_json()["url"] == f"{PUBLIC}/practitioners/{slug}"
    page = client.get(f"/practitioners/{slug}", headers=headers).text
    assert "evil.example" not in page
    assert f'href="{PUBLIC}/practitioners/{slug}"' in page


def test_production_answers_only_its_own_host(database_url, tmp_path):
    from directory.config import check_config

    config = {**PRODUCTION_CONFIG, "PUBLIC_BASE_URL": PUBLIC}
    check_config(config)
    assert config["TRUSTED_HOSTS"] == ["directory.example.org"]
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SEARCH_INDEX_DIR": str(tmp_path / "index"),
            "SEARCH_INLINE_INDEXING": False,
            "RATELIMIT_ENABLED": False,
            "TRUSTED_HOSTS": config["TRUSTED_HOSTS"],
        }
    )
    client = app.test_client()
    for host in ("evil.example", "a" * 70 + ".example"):
        refused = client.post(
            "/reset-password", data={"email": "a@example.org"}, headers={"Host": host}
        )
        assert refused.status_code == 400, host
        assert "Traceback" not in refused.text
    assert client.get("/sign-in", headers={"Host": "directory.example.org"}).status_code == 200
    with app.app_context():
        db.engine.dispose()


def test_production_session_cookie_is_host_only_and_secure(database_url, tmp_path):
    from directory.config import check_config

    config = {**PRODUCTION_CONFIG, "PUBLIC_BASE_URL": PUBLIC}
    check_config(config)
    keep = ("SESSION_COOKIE_NAME", "SESSION_COOKIE_SECURE", "TRUSTED_HOSTS", "HSTS")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SEARCH_INDEX_DIR": str(tmp_path / "index"),
            "SEARCH_INLINE_INDEXING": False,
            "RATELIMIT_ENABLED": False,
            **{k: config[k] for k in keep},
        }
    )
    page = app.test_client().get("/sign-in", base_url=PUBLIC)  # the form's CSRF token
    (cookie,) = [c for c in page.headers.getlist("Set-Cookie") if "session=" in c]
    assert cookie.startswith("__Host-session=")
    assert "Secure" in cookie and "HttpOnly" in cookie and "Path=/" in cookie
    assert "Domain" not in cookie
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("path", ["/", "/sign-in", "/no-such-page", "/api/v1/treatments"])
def test_a_host_label_over_63_characters_gets_an_answer(client, path):
    response = client.get(path, headers={"Host": "a" * 64 + ".example"})
    assert response.status_code < 500
