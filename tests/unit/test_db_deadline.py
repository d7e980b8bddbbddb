"""The configured PostgreSQL timeouts reach the engine; SQLite is left alone."""

from __future__ import annotations

from directory.db_deadline import engine_options

CONFIG = {
    "DATABASE_CONNECT_TIMEOUT": 4,
    "DATABASE_STATEMENT_TIMEOUT": 2.5,
    "DATABASE_POOL_TIMEOUT": 6,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
}


def test_postgresql_gets_connect_statement_and_pool_timeouts():
    options = engine_options(CONFIG | {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://x/y"})
    assert options == {
        "pool_pre_ping": True,
        "connect_args": {"connect_timeout": 4, "options": "-c statement_timeout=2500"},
        "pool_timeout": 6.0,
    }


def test_explicit_engine_options_win():
    mine = {"connect_args": {"connect_timeout": 9}, "pool_timeout": 1}
    options = engine_options(
        CONFIG | {"SQLALCHEMY_DATABASE_URI": "postgresql://x/y", "SQLALCHEMY_ENGINE_OPTIONS": mine}
    )
    assert options["connect_args"]["connect_timeout"] == 9 and options["pool_timeout"] == 1


def test_sqlite_is_unchanged():
    options = engine_options(CONFIG | {"SQLALCHEMY_DATABASE_URI": "sqlite:///x.db"})
    assert options == {"pool_pre_ping": True}
