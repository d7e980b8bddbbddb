"""Shared fixtures: an app on a real database (SQLite always, PostgreSQL when
``DIRECTORY_TEST_DATABASE_URL`` is set), a real search index in a temporary folder.

The schema is built once per backend by running the real migrations. A test starts
from empty tables, or, when it asks for ``reference_data``, ``seeded`` or ``indexed``,
from a copy of that state built once per session (see ``db_templates``): copying is
much faster than loading ~320 demo practitioners and building an index per test.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from db_templates import Templates
from factories import Mailbox
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import event, text

from directory import create_app
from directory.extensions import db


def _postgres_url() -> str | None:
    """The PostgreSQL database of this test process: ``DIRECTORY_TEST_DATABASE_URL``,
    or, under pytest-xdist, a database of each worker's own next to it (``<name>_gw0``,
    ...; created on first use), since every test empties or replaces the tables."""
    url = os.environ.get("DIRECTORY_TEST_DATABASE_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    from sqlalchemy import create_engine, make_url
    from sqlalchemy.pool import NullPool

    base = make_url(url)
    own = base.set(database=f"{base.database}_{worker}")
    engine = create_engine(base.set(database="postgres"), poolclass=NullPool)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own.database}
        ).first()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{own.database}"'))
    engine.dispose()
    return own.render_as_string(hide_password=False)


PG_URL = _postgres_url()
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
REPO_ROOT = Path(__file__).resolve().parent.parent


def _reuse_url_builders() -> None:
    """Every test makes its own app, and Werkzeug compiles two URL builders per route
    for each (Python source through ``ast`` and ``compile``): 60 of the 64 ms an app
    took. The builder depends only on the rule, its defaults and ``append_unknown`` (it
    reaches the converters through the rule it is bound to), so the tests keep one per
    rule and bind it to each app's rule. Test set-up only: the app itself is untouched."""
    from werkzeug.routing.rules import Rule

    compile_builder = Rule._compile_builder
    builders: dict[tuple[object, ...], Any] = {}

    def reuse(self: Rule, append_unknown: bool = True) -> Any:
        defaults = tuple(sorted((self.defaults or {}).items()))
        trace = tuple(self._trace)
        key = (self.rule, self.host, self.subdomain, defaults, append_unknown, trace)
        if key not in builders:
            builders[key] = compile_builder(self, append_unknown)
        return builders[key]

    Rule._compile_builder = reuse  # type: ignore[method-assign]


_reuse_url_builders()


def _reuse_parsed_rules() -> None:
    """After the builders, parsing each rule's path was most of what was left of an
    app's creation (17 of 22 ms). The parts a path parses into depend only on the path
    and the map's converter classes, so the tests parse each once and replay it for the
    next app: the same trace, parts and arguments, and converters made anew for that
    app's map. Test set-up only, like the builders above."""
    from werkzeug.routing.rules import Rule

    parse = Rule._parse_rule
    parsed: dict[tuple[object, ...], tuple[list[Any], list[Any], list[Any]]] = {}

    def reuse(self: Rule, rule: str) -> Any:
        assert self.map is not None
        key = (rule, tuple(sorted(self.map.converters.items())))
        if key not in parsed:
            made: list[tuple[str, str, Any, Any]] = []
            get_converter = self.get_converter

            def recording(variable: str, name: str, args: Any, kwargs: Any) -> Any:
                made.append((variable, name, args, kwargs))
                return get_converter(variable, name, args, kwargs)

            self.get_converter = recording  # type: ignore[method-assign]
            start = len(self._trace)
            try:
                parts = list(parse(self, rule))
            finally:
                del self.get_converter
            parsed[key] = (parts, self._trace[start:], made)
            return parts
        parts, trace, made = parsed[key]
        self._trace.extend(trace)
        for variable, name, args, kwargs in made:
            self._converters[variable] = self.get_converter(variable, name, args, kwargs)
            self.arguments.add(variable)
        return parts

    Rule._parse_rule = reuse  # type: ignore[method-assign]


_reuse_parsed_rules()


def _share_compiled_templates() -> None:
    """Each test's app has its own Jinja environment, which parses and compiles every
    template it renders again: about 10 ms a template, tens of milliseconds a test. The
    tests' apps share one in-memory bytecode cache instead; Jinja keys it by template
    name and file and checks the source's checksum, so an edited template still compiles
    afresh. Test set-up only: the app's own environment is built as in production."""
    from jinja2 import BytecodeCache
    from jinja2.bccache import Bucket
    from jinja2.environment import Environment

    class SharedBytecode(BytecodeCache):
        def __init__(self) -> None:
            self.code: dict[str, tuple[str, Any]] = {}

        def load_bytecode(self, bucket: Bucket) -> None:
            found = self.code.get(bucket.key)
            if found is not None and found[0] == bucket.checksum:
                bucket.code = found[1]

        def dump_bytecode(self, bucket: Bucket) -> None:
            self.code[bucket.key] = (bucket.checksum, bucket.code)

    shared = SharedBytecode()
    create = Flask.create_jinja_environment

    def create_sharing(self: Flask) -> Environment:
        environment = create(self)
        environment.bytecode_cache = shared
        return environment

    Flask.create_jinja_environment = create_sharing  # type: ignore[method-assign]


_share_compiled_templates()


MEMORY_TEMP = Path("/dev/shm")  # a RAM-backed file system on Linux
MEMORY_TEMP_FREE = 4 * 2**30


def pytest_configure(config: pytest.Config) -> None:
    """Test folders (``tmp_path``, the session databases, the copied uploads and index
    folders) go in memory when the machine has room there and nobody chose a place.
    Every test links a few hundred files and directories and SQLite syncs each commit:
    on this machine's disk (ext4 mounted with ``discard``) linking the seeded folders
    took 40 ms and removing them 69 ms, in memory 14 and 10. Still real files, on a
    real file system; ``TMPDIR`` or ``--basetemp`` put them elsewhere."""
    if config.option.basetemp or os.environ.get("TMPDIR") or not MEMORY_TEMP.is_dir():
        return
    if os.access(MEMORY_TEMP, os.W_OK) and shutil.disk_usage(MEMORY_TEMP).free >= MEMORY_TEMP_FREE:
        tempfile.tempdir = str(MEMORY_TEMP)


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under ``--dist loadscope``, the browser tests are one unit of work, run by one
    worker one after the other: they spend much of their time waiting (on Chromium, the
    live server, a timeout), and the other workers run the rest meanwhile (``make test``
    starts one worker more than there are cores for this). Spread over every worker,
    they left each of them waiting in turn."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith(BROWSER):
                return BROWSER
            return str(super()._split_scope(nodeid))

    return BrowserTogether(config, log)


BROWSER = "tests/browser/"
# Folders whose modules take longest, started first: under pytest-xdist a worker takes a
# whole module at a time, and a long one left for the end keeps one worker busy alone.
SLOW_FIRST = (BROWSER, "tests/integration/nodes/", "tests/integration/search/")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::")[0]
        return next((i for i, f in enumerate(SLOW_FIRST) if path.startswith(f)), len(SLOW_FIRST))

    items.sort(key=rank)  # stable: each module keeps pytest's order within it


def _config(url: str, tmp: Path) -> dict[str, object]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": url,
        "SEARCH_INDEX_DIR": str(tmp / "index"),
        "UPLOAD_DIR": str(tmp / "uploads"),
        "MAIL_BACKEND": "file",
        "MAIL_DIR": str(tmp / "mail"),  # read by the ``mailbox`` fixture
        "SEARCH_INLINE_INDEXING": False,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PUBLIC_BASE_URL": "http://localhost",
    }


def _session_settings(app: Flask, search_path: str | None = None) -> None:
    """On PostgreSQL, every connection of ``app`` commits without waiting for the WAL to
    reach the disk (a test database need not survive a crash; on the shared server 200
    commits took 1.0 s waiting and 0.09 s not), and finds tables on ``search_path``.
    Set per connection, so the app's own connection options stay as they are."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "postgresql":
        return
    settings = ["SET synchronous_commit TO off"]
    if search_path:
        settings.append(f"SET search_path TO {search_path}")

    @event.listens_for(engine, "connect", insert=True)
    def _apply(dbapi_connection: Any, _record: Any) -> None:
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True  # a SET inside a rolled-back transaction is undone
        with dbapi_connection.cursor() as cursor:
            for statement in settings:
                cursor.execute(statement)
        dbapi_connection.autocommit = autocommit


# The session's templates, by database URL (made with the database, see below).
_templates: dict[str, Templates] = {}


@pytest.fixture(scope="session")
def _databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The session's databases by backend, each made on first use (see ``_database``)
    and kept to the end of the session."""
    made: dict[str, str] = {}
    yield made
    for url in made.values():
        _templates[url].close()


@pytest.fixture(scope="module", params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest,
    _databases: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> str:
    """A migrated, empty database for this backend, shared by the session's tests; each
    test's ``app`` empties it or replaces it with a copy of a template first.

    Module-scoped, so pytest runs a module's tests one backend after the other, while
    the databases themselves last the session: under pytest-xdist a worker takes whole
    modules, and a session-scoped parameter would be torn down and rebuilt (migrations,
    templates) at every switch of backend between modules."""
    backend = request.param
    if backend not in _databases:
        _databases[backend] = _database(backend, tmp_path_factory)
    return _databases[backend]


def _database(backend: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    else:
        assert PG_URL
        url = PG_URL
    app = create_app(_config(url, tmp_path_factory.mktemp("migrate")))
    with app.app_context():
        if backend == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        from directory.database import upgrade_database

        upgrade_database()
        db.engine.dispose()
    # Taken now, while the database is freshly migrated and nothing is connected to it.
    _templates[url] = Templates(url, tmp_path_factory.mktemp("templates"), _config)
    return url


@pytest.fixture
def app(database_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Flask]:
    """The app on this backend's database, which holds a copy of the richest of the
    ``reference_data``, ``seeded`` and ``indexed`` states the test asks for (through
    any fixture), or empty tables."""
    marker = request.node.get_closest_marker("read_only")
    if marker is not None and marker.args != (False,):
        yield from _shared(request.getfixturevalue("read_only_app"))
        return
    templates = _templates[database_url]
    level = templates.wanted(_ours_in_use(request))
    templates.restore(level, tmp_path)
    app = create_app(_config(database_url, tmp_path))
    _session_settings(app)
    app.extensions[TEMPLATE_KEY] = level
    templates.clean = False
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _ours_in_use(request: pytest.FixtureRequest) -> list[str]:
    """The names among the test's fixtures that resolve to this file's definition: a
    module may define its own ``indexed`` meaning something else (or one that uses
    this file's by asking for its own name)."""
    # Which definition wins is only visible in pytest's fixture info (private, stable).
    definitions = request.node._fixtureinfo.name2fixturedefs  # type: ignore[attr-defined]
    ours = []
    for name in request.fixturenames:
        for fixturedef in reversed(definitions.get(name, ())):
            if fixturedef.func.__module__ == __name__:
                ours.append(name)
                break
            if name not in fixturedef.argnames:
                break
    return ours


@pytest.fixture(autouse=True)
def _database_used_directly(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test using ``database_url`` without ``app`` finds empty tables too, and may
    leave rows behind."""
    if "database_url" in request.fixturenames and "app" not in request.fixturenames:
        templates = _templates[request.getfixturevalue("database_url")]
        templates.restore(None, Path())
        templates.clean = False
    yield


@pytest.fixture(scope="module")
def read_only_app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One indexed app on its own copy of the database, shared by the tests of a module
    marked ``read_only`` (``pytestmark = pytest.mark.read_only``; a test that writes
    opts out with ``@pytest.mark.read_only(False)``). ``database_url`` does not name
    this copy: a test that needs it is not read-only."""
    templates = _templates[database_url]
    tmp = tmp_path_factory.mktemp("read-only")
    url, search_path = templates.copy("indexed", tmp)
    app = create_app(_config(url, tmp))
    _session_settings(app, search_path)
    app.extensions[TEMPLATE_KEY] = "indexed"
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    templates.drop(search_path)


def _shared(app: Flask) -> Iterator[Flask]:
    """``app`` in a fresh app context (so a fresh session) for one read-only test, which
    fails if the test added or deleted rows: the next test would see them."""
    with app.app_context():
        before = _row_counts()
        yield app
        db.session.rollback()
        after = _row_counts()
        db.session.remove()
    assert after == before, "a read_only test changed the database: mark it read_only(False)"


def _row_counts() -> dict[str, int]:
    tables = [t.name for t in db.metadata.sorted_tables]
    counts = ", ".join(f'(SELECT count(*) FROM "{name}")' for name in tables)
    return dict(zip(tables, db.session.execute(text(f"SELECT {counts}")).one(), strict=True))


@pytest.fixture
def built_once(
    app: Flask, database_url: str, tmp_path: Path
) -> Callable[[str, Callable[[Flask], None]], None]:
    """``built_once(name, step)`` makes the app's database and folders a copy of the
    state ``step(app)`` builds on top of the level the app started from; the state is
    built the first time a test asks for ``name`` and copied after that, as
    ``seeded`` is. Call it before the test reads or writes anything."""
    templates = _templates[database_url]

    def restore(name: str, step: Callable[[Flask], None]) -> None:
        base = app.extensions.get(TEMPLATE_KEY) or "empty"
        level = f"{base}+{name}"
        templates.define(level, base, step)
        db.session.remove()
        db.engine.dispose()  # nothing may be connected while the copy is made
        templates.restore(level, tmp_path)

    return restore


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def mailbox(app: Flask) -> Mailbox:
    """What the app's file mail backend has written in this test."""
    return Mailbox(Path(app.config["MAIL_DIR"]))


TEMPLATE_KEY = "tests.template"  # the level the app's database was copied from


def _has(app: Flask, level: str) -> bool:
    levels = ["reference_data", "seeded", "indexed"]
    started = app.extensions.get(TEMPLATE_KEY)
    return started is not None and levels.index(started) >= levels.index(level)


@pytest.fixture
def reference_data(app: Flask) -> Flask:
    """The app with the real treatment taxonomy and bodies, no practitioners."""
    if not _has(app, "reference_data"):  # asked for too late to start from the copy
        from directory.services import seed

        seed.load_reference_data(REPO_ROOT / "seed_data")
    return app


@pytest.fixture
def seeded(app: Flask) -> Flask:
    """The app with the real taxonomy, bodies and demo practitioners loaded."""
    if not _has(app, "seeded"):  # asked for too late to start from the copy
        from directory.services import seed

        seed_dir = REPO_ROOT / "seed_data"
        seed.load_reference_data(seed_dir)
        seed.load_demo(seed_dir)
    return app


@pytest.fixture
def indexed(seeded: Flask) -> Flask:
    """The seeded app with its search index built, as ``flask setup`` leaves it."""
    from directory import search

    search.ensure_index(seeded)  # with the copied index: opens it, nothing to apply
    return seeded
