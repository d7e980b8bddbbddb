"""Fixtures for the outage tests: a PostgreSQL server of their own, migrated once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text

from directory import create_app
from directory.extensions import db

from ._servers import SparePostgres

SECRET = "test-secret-key-that-is-long-enough-0123456789"


@pytest.fixture(scope="session")
def spare_postgres() -> Iterator[SparePostgres]:
    server = SparePostgres()
    try:
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": server.url, "TESTING": True, "SECRET_KEY": SECRET}
        )
        with app.app_context():
            from directory.database import upgrade_database

            upgrade_database()
            db.engine.dispose()
        yield server
    finally:
        server.remove()


@pytest.fixture
def outage_app(spare_postgres: SparePostgres, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """``outage_app(**config)``: an app on the spare server with short timeouts, on
    emptied tables; the server is running again (and thawed) after the test."""
    made: list[Flask] = []

    def make(**extra: object) -> Flask:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": SECRET,
                "SQLALCHEMY_DATABASE_URI": spare_postgres.url,
                "SEARCH_INDEX_DIR": str(tmp_path / "index"),
                "UPLOAD_DIR": str(tmp_path / "uploads"),
                "MAIL_BACKEND": "file",
                "MAIL_DIR": str(tmp_path / "mail"),
                "SEARCH_INLINE_INDEXING": False,
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
                "DATABASE_CONNECT_TIMEOUT": 2,
                "DATABASE_STATEMENT_TIMEOUT": 1,
                "DATABASE_POOL_TIMEOUT": 1,
                **extra,
            }
        )
        with app.app_context():
            names = ", ".join(t.name for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            db.session.commit()
        made.append(app)
        return app

    yield make
    spare_postgres.thaw()
    spare_postgres.start()
    for app in made:
        with app.app_context():
            db.engine.dispose()
