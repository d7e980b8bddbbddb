"""The password hasher comes from configuration: production keeps Argon2id's strong
parameters; only a TESTING app outside production gets the cheapest ones."""

from __future__ import annotations

import argon2
import pytest
from factories import PRODUCTION_CONFIG

from directory import create_app
from directory.config import ConfigError
from directory.models import Account
from directory.services import accounts

PRODUCTION = PRODUCTION_CONFIG
STRONG = argon2.profiles.RFC_9106_LOW_MEMORY


def _hash_parameters(config: dict[str, object]) -> argon2.Parameters:
    app = create_app(config)
    with app.app_context():
        return argon2.extract_parameters(accounts.hash_password("a-long-enough-password"))


def test_production_hashes_with_the_strong_parameters():
    # 64 MiB, three passes, four lanes: what argon2-cffi recommends and used before.
    assert STRONG.memory_cost == 65536 and STRONG.time_cost == 3 and STRONG.parallelism == 4
    assert _hash_parameters(PRODUCTION) == STRONG


def test_production_ignores_testing_for_the_hasher():
    assert _hash_parameters(PRODUCTION | {"TESTING": True}) == STRONG


def test_development_hashes_with_the_strong_parameters():
    assert _hash_parameters({"SQLALCHEMY_DATABASE_URI": "sqlite://"}) == STRONG


def test_testing_hashes_with_the_cheapest_parameters():
    found = _hash_parameters({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert found == argon2.profiles.CHEAPEST


def test_a_profile_can_be_chosen_by_name():
    config = {"SQLALCHEMY_DATABASE_URI": "sqlite://", "PASSWORD_HASH_PROFILE": "CHEAPEST"}
    assert _hash_parameters(config) == argon2.profiles.CHEAPEST


def test_an_unknown_profile_stops_the_app_starting():
    with pytest.raises(ConfigError, match="PASSWORD_HASH_PROFILE"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "PASSWORD_HASH_PROFILE": "FAST"})


def test_a_strong_hash_still_opens_a_testing_app_account_and_is_rehashed():
    # Hashes made under one profile verify under another (the parameters are in the
    # hash), and are replaced by the configured profile's at the next sign-in.
    strong = argon2.PasswordHasher.from_parameters(STRONG).hash("a-long-enough-password")
    account = Account(email="a@example.org", password_hash=strong)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():
        assert accounts.check_password(account, "a-long-enough-password")
    assert argon2.extract_parameters(account.password_hash) == argon2.profiles.CHEAPEST
