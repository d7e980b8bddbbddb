"""Expensive test state, built once per session and copied for each test that needs it.

A *level* is a named starting state: ``reference_data`` (the real treatments and
bodies), ``seeded`` (plus the ~320 demo practitioners and their evidence files) and
``indexed`` (plus the built search index). Each is built the first time a test asks for
it, on top of the level below, by the same calls a test used to make itself; then every
test that asks for it gets a copy:

- SQLite: the template file is copied into the session's database file with SQLite's
  online backup API (safe whatever connections are open, and WAL-aware);
- PostgreSQL: the level's rows are kept in a schema of the session database
  (``tests_tpl_<level>``, dropped at the end of the session) and copied back with
  ``INSERT ... SELECT``, sequences included. ``CREATE DATABASE ... TEMPLATE`` was
  tried first: on the shared server it took 2-16 s a copy (a new database copies the
  whole ~9 MB catalogue), longer than loading the demo data (~2 s); the rows alone copy
  in well under a second. A read-only module's separate copy (``copy``) is another
  schema, first on that app's search path;
- the level's ``uploads`` and ``index`` folders are copied into the test's folder.

The session's database URL never changes, so ``database_url`` still names the database
the test's app uses.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable, Mapping
from contextlib import closing
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

from directory import create_app
from directory.extensions import db

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = REPO_ROOT / "seed_data"
FOLDERS = ("uploads", "index")


def _load_reference_data(app: Flask) -> None:
    from directory.services import seed

    seed.load_reference_data(SEED_DIR)


def _load_demo(app: Flask) -> None:
    from directory.services import seed

    seed.load_demo(SEED_DIR)


def _build_index(app: Flask) -> None:
    from directory import search

    search.ensure_index(app)


# Each level: the level it starts from and what is done on top. Order matters: a test
# asking for several gets the last (richest) one it asks for.
LEVELS: Mapping[str, tuple[str, Callable[[Flask], None]]] = {
    "reference_data": ("empty", _load_reference_data),
    "seeded": ("reference_data", _load_demo),
    "indexed": ("seeded", _build_index),
}


class Templates:
    """The templates of one backend's session database (see the module docstring)."""

    def __init__(self, url: str, folder: Path, config: Callable[[str, Path], dict[str, Any]]):
        self.url = make_url(url)
        self.folder = folder
        self.config = config
        self.sqlite = self.url.get_backend_name() == "sqlite"
        self._built = {"empty"}
        self._levels = dict(LEVELS)  # and those a test module adds (``define``)
        self._sequences: dict[str, dict[str, tuple[int, bool]]] = {}
        self._copies = 0
        # True while the session database is known to hold empty tables (set by whoever
        # empties it), so the next test that wants them need not empty them again.
        self.clean = True
        (folder / "empty").mkdir()
        if self.sqlite:
            _sqlite_copy(Path(str(self.url.database)), self._sqlite_file("empty"))

    def define(self, level: str, base: str, step: Callable[[Flask], None]) -> None:
        """Add a level of a module's own: ``step`` run on top of ``base``, once per
        session (the first definition of a name wins)."""
        self._levels.setdefault(level, (base, step))

    def wanted(self, fixturenames: list[str]) -> str | None:
        """The richest level among ``fixturenames`` (a test's fixture closure), or None."""
        found = [level for level in LEVELS if level in fixturenames]
        return found[-1] if found else None

    def restore(self, level: str | None, tmp: Path) -> None:
        """Make the session database (and ``tmp``'s ``uploads`` and ``index`` folders)
        a copy of ``level``, or (None) empty its tables. Nothing else may be writing to
        the database meanwhile."""
        if level is None:
            if not self.clean:
                self.empty()
            return
        self._build(level)
        _link_folders(self.folder / level, tmp)
        self._load(level)

    def empty(self) -> None:
        """Empty every table of the session database; ids start from 1 again."""
        if self.sqlite:
            _sqlite_copy(self._sqlite_file("empty"), Path(str(self.url.database)))
        else:
            # DELETE and RESTART, not TRUNCATE: on tables this small TRUNCATE's new
            # files cost ~0.4 s a test, DELETE a few milliseconds.
            with self._connect() as connection:
                names = _sequence_names(connection)
                restart = [f'ALTER SEQUENCE "{name}" RESTART' for name in names]
                _script(connection, [*_delete_all_sql(), *restart])
        self.clean = True

    def copy(self, level: str, tmp: Path) -> tuple[str, str | None]:
        """A copy of ``level`` (and ``tmp`` folders) apart from the session database:
        returns its URL and, on PostgreSQL, the search path that finds it (its own schema
        first), to set on every connection. ``drop`` it when done."""
        self._build(level)
        _link_folders(self.folder / level, tmp)
        if self.sqlite:
            _sqlite_copy(self._sqlite_file(level), tmp / "copy.sqlite3")
            return f"sqlite:///{tmp / 'copy.sqlite3'}", None
        # Its own schema in the session database, found first on the search path; types
        # and functions still come from the usual one.
        self._copies += 1
        schema, source = f"tests_copy{self._copies}", _schema(level)
        with self._connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            for table in db.metadata.sorted_tables:
                connection.execute(
                    text(
                        f'CREATE TABLE "{schema}"."{table.name}" '
                        f'(LIKE "{table.name}" INCLUDING ALL)'
                    )
                )
                connection.execute(
                    text(
                        f'INSERT INTO "{schema}"."{table.name}" OVERRIDING SYSTEM VALUE '
                        f'SELECT * FROM "{source}"."{table.name}"'
                    )
                )
            search_path = connection.execute(text("SHOW search_path")).scalar()
        return self.url.render_as_string(hide_password=False), f'"{schema}", {search_path}'

    def drop(self, search_path: str | None) -> None:
        """Drop what ``copy`` made (an SQLite file goes with its folder)."""
        if search_path is not None:
            schema = search_path.split(",")[0].strip('"')
            with self._connect() as connection:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))

    def close(self) -> None:
        """Drop the PostgreSQL template schemas (SQLite files go with the temp folder)."""
        if self.sqlite:
            return
        with self._connect() as connection:
            for level in self._built - {"empty"}:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{_schema(level)}" CASCADE'))

    def _build(self, level: str) -> None:
        if level in self._built:
            return
        base, step = self._levels[level]
        self._build(base)
        folder = self.folder / level
        _link_folders(self.folder / base, folder)
        if self.sqlite:
            _sqlite_copy(self._sqlite_file(base), self._sqlite_file(level))
            url = f"sqlite:///{self._sqlite_file(level)}"
        else:  # built in the session database, then saved to the level's schema
            self._load(base)
            url = self.url.render_as_string(hide_password=False)
        app = create_app(self.config(url, folder))
        with app.app_context():
            step(app)
            db.session.remove()
            db.engine.dispose()
        if not self.sqlite:
            self._save(level)
        self._built.add(level)

    def _load(self, level: str) -> None:
        """Put ``level`` (built) into the session database."""
        if level == "empty":
            self.empty()
            return
        self.clean = False
        if self.sqlite:
            _sqlite_copy(self._sqlite_file(level), Path(str(self.url.database)))
            return
        schema = _schema(level)
        copies = [
            f'INSERT INTO "{table.name}" OVERRIDING SYSTEM VALUE '
            f'SELECT * FROM "{schema}"."{table.name}"'
            for table in db.metadata.sorted_tables
        ]
        positions = [
            f"SELECT setval('\"{name}\"', {int(value)}, {'true' if called else 'false'})"
            for name, (value, called) in self._sequences[level].items()
        ]
        with self._connect() as connection:
            _script(connection, [*_delete_all_sql(), *copies, *positions])

    def _save(self, level: str) -> None:
        """Copy the session database's rows and sequence positions into ``level``'s schema."""
        schema = _schema(level)
        with self._connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            for table in db.metadata.sorted_tables:
                connection.execute(
                    text(f'CREATE TABLE "{schema}"."{table.name}" AS TABLE "{table.name}"')
                )
            self._sequences[level] = {
                name: tuple(
                    connection.execute(  # type: ignore[misc]
                        text(f'SELECT last_value, is_called FROM "{name}"')
                    ).one()
                )
                for name in _sequence_names(connection)
            }

    def _connect(self) -> Any:
        """A transaction on the session database, on a connection closed after it."""
        return create_engine(self.url, poolclass=NullPool).begin()

    def _sqlite_file(self, level: str) -> Path:
        return self.folder / f"{level}.sqlite3"


def _schema(level: str) -> str:
    return "tests_tpl_" + "".join(c if c.isalnum() else "_" for c in level)


def _delete_all_sql() -> list[str]:
    return [f'DELETE FROM "{table.name}"' for table in reversed(db.metadata.sorted_tables)]


def _script(connection: Any, statements: list[str]) -> None:
    """Run ``statements`` (no parameters) in one round trip to the server: a restore is
    about a hundred of them, before every PostgreSQL test."""
    connection.exec_driver_sql(";\n".join(statements))


def _sequence_names(connection: Any) -> list[str]:
    return list(
        connection.execute(
            text("SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()")
        ).scalars()
    )


def _link_folders(source: Path, target: Path) -> None:
    """Make ``target``'s ``FOLDERS`` copies of ``source``'s (see ``_link_tree``): what
    ``target`` held there before (an earlier restore's copy) goes."""
    for sub in FOLDERS:
        if (target / sub).exists():
            shutil.rmtree(target / sub)
        if (source / sub).exists():
            _link_tree(source / sub, target / sub)


def _link_tree(source: Path, target: Path) -> None:
    """Copy the folder ``source`` into ``target`` as hard links (a quarter of the time
    of copying the seeded level's ~330 files, and no disk writes). Safe because nothing
    changes a stored file in place: the app's storage and the search index write a new
    file and rename it over the old one, and so do the tests that damage files."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:  # another file system
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link, dirs_exist_ok=True)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy one SQLite database over another, page by page, through SQLite itself."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
