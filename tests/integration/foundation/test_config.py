from __future__ import annotations

import pytest

from directory import create_app
from directory.config import ConfigError


def test_production_refuses_the_development_secret(tmp_path):
    with pytest.raises(ConfigError, match="secret key"):
        create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_refuses_a_short_secret(tmp_path):
    with pytest.raises(ConfigError):
        create_app({"ENV_NAME": "production", "SECRET_KEY": "short", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_starts_with_a_real_secret():
    app = create_app(
        {"ENV_NAME": "production", "SECRET_KEY": "k" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    assert app.config["ENV_NAME"] == "production"


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
