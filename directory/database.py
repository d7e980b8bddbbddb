"""Database set-up: the default SQLite location, SQLite pragmas, create/upgrade."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from directory import db_deadline, prepared
from directory.extensions import db

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def default_database_uri(instance_path: str) -> str:
    return f"sqlite:///{Path(instance_path) / 'directory.sqlite3'}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLite leaves foreign keys off per connection; WAL lets readers (web workers)
    # carry on while the indexer or an admin writes.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def init_app(app: Flask) -> None:
    with app.app_context():
        engines: list[Engine] = list(db.engines.values())
    for engine in engines:
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        db_deadline.install(engine, app.config["DATABASE_STATEMENT_TIMEOUT"])
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    prepared.init_app(app)


def upgrade_database() -> None:
    """Bring the schema to the newest migration (creates it on an empty database)."""
    from flask_migrate import upgrade

    upgrade(directory=str(MIGRATIONS_DIR))
