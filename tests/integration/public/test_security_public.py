"""Hardening seen from outside: headers, the request-size cap, the profile's from= text."""

from __future__ import annotations

from directory import create_app
from directory.extensions import db

from ._support import published_with_badges


def test_every_answer_has_an_opener_policy_and_public_pages_may_be_cached(client):
    for path in ("/", "/sign-in", "/no-such-page", "/api/v1/treatments"):
        response = client.get(path)
        assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin", path
        assert "no-store" not in response.headers.get("Cache-Control", ""), path
        assert "Strict-Transport-Security" not in response.headers  # not in development


def test_production_sends_hsts(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SEARCH_INDEX_DIR": str(tmp_path / "index"),
            "SEARCH_INLINE_INDEXING": False,
            "HSTS": True,
        }
    )
    response = app.test_client().get("/sign-in")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    with app.app_context():
        db.engine.dispose()


def test_requests_anywhere_are_capped(client):
    big = {"details": "x" * (300 * 1024), "reason": "other"}
    for path in ("/practitioners/anyone/concern", "/sign-in", "/reset-password"):
        response = client.post(path, data=big)
        assert response.status_code == 413, path


def test_a_forged_from_label_is_not_repeated(seeded, client):
    p = published_with_badges()
    clinic = p.clinics[0]
    lat, lon = clinic.latitude + 0.03, clinic.longitude
    lie = "Dr Evil is struck off, book at evil.example instead"
    query = {"lat": lat, "lon": lon, "from": lie}
    html = client.get(f"/practitioners/{p.slug}", query_string=query).text
    assert "evil.example" not in html and "struck off" not in html
    assert "from your search" in html


def test_a_real_place_near_the_point_is_named(seeded, client):
    p = published_with_badges()
    html = client.get(
        f"/practitioners/{p.slug}", query_string={"lat": 53.79648, "lon": -1.54785, "from": "Leeds"}
    ).text
    assert "from Leeds, England" in html
    far = client.get(
        f"/practitioners/{p.slug}", query_string={"lat": 51.5, "lon": -0.12, "from": "Leeds"}
    ).text
    assert "from Leeds" not in far
