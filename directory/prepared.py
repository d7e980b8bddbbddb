"""Read statements built once per process and run straight on the driver's cursor.

The hot read paths (result cards, a profile, the taxonomy's stamp) run a fixed handful
of Core SELECTs on every request. Through ``Connection.execute`` each paid more for
SQLAlchemy's per-run work (parameter dictionaries, an execution context, a result
object, a ``Row`` per row fetched one at a time) than the database took to answer. A
``Prepared`` statement is compiled once per dialect into its SQL, the order of its
parameters and the result processors of its columns (the same ones SQLAlchemy applies:
enums, dates, booleans, ``UTCDateTime``), and runs through the dialect's own
``do_execute``, so ``db_deadline``'s guard still covers it on PostgreSQL.

Only for SELECTs whose statement never changes (no expanding IN: bind a fixed number of
parameters) and whose rows are read as plain tuples. It runs on the connection it is
given; ``SQLALCHEMY_ECHO`` does not log it.

``read_connection()`` is the connection for them: the ORM session's when the session
has a transaction open (so the reads see what it wrote), else one kept for the app
request and returned to the pool when it ends. A public page that only reads used
to create a session and its transaction just to borrow a connection, and to close
them again: that cost more than its statements.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, g, has_app_context, has_request_context
from sqlalchemy import CompoundSelect, Connection, Select
from sqlalchemy.engine import Dialect

from directory.extensions import db

READ_CONNECTION = "prepared_read_connection"  # on ``g``


@dataclass
class _Compiled:
    sql: str
    positional: bool
    names: tuple[str, ...]  # parameters, in the order the SQL takes them when positional
    fixed: dict[str, Any]  # values the statement carries itself (literals), processed
    bind_processors: dict[str, Callable[[Any], Any]]
    types: tuple[Any, ...]  # the selected columns' types, for their result processors
    escaped: dict[str, str]  # parameter names as a named paramstyle writes them
    # (index, processor) of the columns that have one; worked out at the first run,
    # since a driver's column types (cursor.description) can choose the processor.
    result_processors: tuple[tuple[int, Callable[[Any], Any]], ...] | None = None


class Prepared:
    """A SELECT compiled once per dialect (see the module's doc)."""

    def __init__(self, statement: Select[Any] | CompoundSelect[Any]) -> None:
        self.statement = statement
        self._by_dialect: dict[tuple[Any, ...], _Compiled] = {}

    def _compiled(self, dialect: Dialect) -> _Compiled:
        # By kind of dialect, not by object: an app's engine (and so its dialect) may be
        # replaced, and a new object could take a freed one's id.
        key = (type(dialect), dialect.paramstyle, dialect.server_version_info)
        found = self._by_dialect.get(key)
        if found is None:
            found = self._by_dialect[key] = _compile(self.statement, dialect)
        return found

    def rows(
        self, connection: Connection, params: Mapping[str, Any] | None = None
    ) -> list[tuple[Any, ...]]:
        """Every row, each a tuple of the selected columns as SQLAlchemy would type
        them. ``params`` gives each parameter the statement does not fix itself."""
        return self._run(connection, params)[1]

    def mappings(
        self, connection: Connection, params: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Every row as a dict, keyed as SQLAlchemy's ``mappings()`` would key it (the
        columns' labels as the SQL names them)."""
        keys, rows = self._run(connection, params)
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def _run(
        self, connection: Connection, params: Mapping[str, Any] | None
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        compiled = self._compiled(connection.dialect)
        values = dict(compiled.fixed)
        for name, value in (params or {}).items():
            process = compiled.bind_processors.get(name)
            values[name] = process(value) if process is not None and value is not None else value
        arguments: Any = (
            tuple(values[name] for name in compiled.names)
            if compiled.positional
            else {compiled.escaped.get(name, name): value for name, value in values.items()}
        )
        cursor = None
        try:
            cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
            # Listeners of the engine's cursor events still see the statement (tests
            # count statements this way); no context, as for a driver-level statement.
            dispatch = connection.dispatch
            dispatch.before_cursor_execute(connection, cursor, compiled.sql, arguments, None, False)
            connection.dialect.do_execute(cursor, compiled.sql, arguments, None)
            dispatch.after_cursor_execute(connection, cursor, compiled.sql, arguments, None, False)
            fetched = cursor.fetchall()
            keys = [column[0] for column in cursor.description]
        except BaseException as exc:
            # What SQLAlchemy's own execution does with a driver's error: raise it as a
            # DBAPIError (so a database that stopped answering is still a 503, see
            # ``errors``), close the cursor, and invalidate a lost connection rather
            # than return it to the pool. A connection of our own is let go as well: on
            # PostgreSQL its transaction refuses anything more.
            try:
                connection._handle_dbapi_exception(exc, compiled.sql, arguments, cursor, None)
            finally:
                _let_go(connection)
        processors = compiled.result_processors
        if processors is None:
            processors = compiled.result_processors = _result_processors(
                compiled.types, cursor.description, connection.dialect
            )
        cursor.close()
        if not processors:
            return keys, [tuple(row) for row in fetched]
        rows = []
        for row in fetched:
            columns = list(row)
            for index, process in processors:
                columns[index] = process(columns[index])
            rows.append(tuple(columns))
        return keys, rows


def _compile(statement: Select[Any] | CompoundSelect[Any], dialect: Dialect) -> _Compiled:
    compiled: Any = statement.compile(dialect=dialect)
    bind_processors: dict[str, Callable[[Any], Any]] = {}
    fixed: dict[str, Any] = {}
    for bind, name in compiled.bind_names.items():
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            bind_processors[name] = process
        if bind.value is not None or not bind.required:
            value = bind.effective_value
            fixed[name] = process(value) if process is not None and value is not None else value
    return _Compiled(
        sql=str(compiled),
        positional=bool(compiled.positional),
        names=tuple(compiled.positiontup or ()),
        fixed=fixed,
        bind_processors=bind_processors,
        types=tuple(column.type for column in statement.selected_columns),
        escaped=dict(compiled.escaped_bind_names or {}),
    )


def _result_processors(
    types: tuple[Any, ...], description: Any, dialect: Dialect
) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
    """As SQLAlchemy chooses them: each column's type for this dialect, given the
    driver's type code for the column."""
    found = []
    for index, (type_, column) in enumerate(zip(types, description, strict=True)):
        process = type_.dialect_impl(dialect).result_processor(dialect, column[1])
        if process is not None:
            found.append((index, process))
    return tuple(found)


def read_connection() -> Connection:
    """The connection for prepared reads (see the module's doc): outside a request (the
    CLI, the indexer, a test's own app context) always the ORM session's, so that no
    connection outlives the session's transaction."""
    if not has_request_context():
        return db.session.connection()
    if db.session.registry.has():
        session = db.session()
        if session.in_transaction():
            return session.connection()
    connection: Connection | None = g.get(READ_CONNECTION)
    if connection is None or connection.closed or connection.invalidated:
        connection = db.engine.connect()
        setattr(g, READ_CONNECTION, connection)
    return connection


def _let_go(connection: Connection) -> None:
    if has_app_context() and g.get(READ_CONNECTION) is connection:
        g.pop(READ_CONNECTION)
        connection.close()


def _close_read_connection(_exc: BaseException | None = None) -> None:
    # At the end of each request, not of its app context: a test's or a command's app
    # context may outlive many requests, and a PostgreSQL connection would sit in an
    # open transaction all that time.
    connection: Connection | None = g.pop(READ_CONNECTION, None)
    if connection is not None:
        connection.close()


def init_app(app: Flask) -> None:
    app.teardown_request(_close_read_connection)
