from __future__ import annotations

import pytest
from factories import PRODUCTION_CONFIG

from directory import create_app
from directory.config import ConfigError


def test_production_refuses_the_development_secret(tmp_path):
    with pytest.raises(ConfigError, match="secret key"):
        create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_refuses_a_short_secret(tmp_path):
    with pytest.raises(ConfigError):
        create_app(
            {
                "ENV_NAME": "production",
                "SECRET_KEY": "short",
                "SQLALCHEMY_DATABASE_URI": "sqlite://",
            }
        )


PRODUCTION = PRODUCTION_CONFIG


def test_production_starts_with_a_real_secret_shared_limits_and_smtp():
    app = create_app(PRODUCTION)
    assert app.config["ENV_NAME"] == "production"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert app.config["TRUSTED_HOSTS"] == ["directory.example.org"]


def test_production_allows_plain_smtp_only_when_told_to():
    app = create_app(PRODUCTION | {"MAIL_USE_TLS": False, "MAIL_ALLOW_PLAINTEXT": True})
    assert app.config["MAIL_ALLOW_PLAINTEXT"] is True


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"RATELIMIT_STORAGE_URI": "memory://"}, "share their rate-limit counts"),
        ({"MAIL_BACKEND": "file"}, "real email"),
        ({"MAIL_SERVER": None}, "real email"),
        ({"MAIL_USE_TLS": False}, "unencrypted"),
        ({"PUBLIC_BASE_URL": "http://127.0.0.1:5000"}, "public address"),
        ({"PUBLIC_BASE_URL": "http://directory.example.org"}, "public address"),
    ],
)
def test_production_refuses_per_process_limits_and_fake_mail(change, complaint):
    with pytest.raises(ConfigError, match=complaint):
        create_app(PRODUCTION | change)


def test_prefixed_environment_variables_override_defaults(monkeypatch):
    monkeypatch.setenv("DIRECTORY_GEOCODER_TIMEOUT", "7.5")
    monkeypatch.setenv("DIRECTORY_SEARCH_INDEX_DIR", "/tmp/somewhere-else")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["GEOCODER_TIMEOUT"] == 7.5
    assert app.config["SEARCH_INDEX_DIR"] == "/tmp/somewhere-else"


def test_default_database_and_index_live_in_the_instance_folder(monkeypatch):
    for name in ("DIRECTORY_SQLALCHEMY_DATABASE_URI", "DIRECTORY_SEARCH_INDEX_DIR"):
        monkeypatch.delenv(name, raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith(f"sqlite:///{app.instance_path}")
    assert app.config["SEARCH_INDEX_DIR"].startswith(app.instance_path)


def test_behind_a_proxy_absolute_links_follow_the_forwarded_scheme_and_host():
    from flask import url_for

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": "sqlite://", "PROXY_COUNT": 1, "SEARCH_INLINE_INDEXING": False}
    )

    @app.get("/where")
    def where() -> str:
        return url_for("where", _external=True)

    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "directory.example"}
    answer = app.test_client().get("/where", headers=headers).text
    assert answer == "https://directory.example/where"
    plain = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert plain.wsgi_app.__class__.__name__ != "ProxyFix"


def test_absolute_links_follow_the_configured_public_address_when_it_changes():
    # The bound URL map is kept per address: a changed address is a new one, never the
    # old links (nor a request's Host).
    from directory.links import absolute_url

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": "sqlite://", "PUBLIC_BASE_URL": "https://one.example"}
    )
    with app.test_request_context("/", headers={"Host": "evil.example"}):
        assert (
            absolute_url("public.profile", slug="a b") == "https://one.example/practitioners/a%20b"
        )
        app.config["PUBLIC_BASE_URL"] = "http://two.example:8080/sub/"
        assert absolute_url("public.treatment", slug="x", _anchor="top") == (
            "http://two.example:8080/sub/treatments/x#top"
        )
        app.config["PUBLIC_BASE_URL"] = "https://one.example"
        assert absolute_url("public.treatments") == "https://one.example/treatments"


def test_absolute_links_from_a_kept_pattern_match_the_url_map():
    # One plain value is written into a pattern built once; anything else is built by
    # the map. Both must give the map's own answer, under either public address.
    from directory.links import _adapter, absolute_url

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": "sqlite://", "PUBLIC_BASE_URL": "https://one.example"}
    )
    cases = [
        ("public.profile", {"slug": "demo-jo-bloggs"}),
        ("public.profile", {"slug": "a b/c?d"}),
        ("public.profile", {"slug": "é"}),
        ("public.treatment", {"slug": "skin-boosters"}),
        ("public.search", {"q": "lips"}),
        ("public.treatments", {}),
    ]
    with app.test_request_context("/"):
        for base in ("https://one.example", "http://two.example:8080/sub/"):
            app.config["PUBLIC_BASE_URL"] = base
            for endpoint, values in cases * 2:  # the second time from the kept pattern
                expected = _adapter(base).build(endpoint, values, force_external=True)
                assert absolute_url(endpoint, **values) == expected


def test_json_answers_keep_their_field_order():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():
        from flask import json

        assert json.dumps({"zebra": 1, "apple": 2}) == '{"zebra": 1, "apple": 2}'
