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
parameters) and whose rows are read as plain tuples. It runs in the caller's
connection and transaction; ``SQLALCHEMY_ECHO`` does not log it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CompoundSelect, Connection, Select
from sqlalchemy.engine import Dialect


@dataclass(frozen=True)
class _Compiled:
    sql: str
    positional: bool
    names: tuple[str, ...]  # parameters, in the order the SQL takes them when positional
    fixed: dict[str, Any]  # values the statement carries itself (literals), processed
    bind_processors: dict[str, Callable[[Any], Any]]
    result_processors: tuple[tuple[int, Callable[[Any], Any]], ...]
    escaped: dict[str, str]  # parameter names as a named paramstyle writes them


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
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            # Listeners of the engine's cursor events still see the statement (tests
            # count statements this way); no context, as for a driver-level statement.
            dispatch = connection.dispatch
            dispatch.before_cursor_execute(connection, cursor, compiled.sql, arguments, None, False)
            connection.dialect.do_execute(cursor, compiled.sql, arguments, None)
            dispatch.after_cursor_execute(connection, cursor, compiled.sql, arguments, None, False)
            fetched = cursor.fetchall()
            keys = [column[0] for column in cursor.description]
        finally:
            cursor.close()
        processors = compiled.result_processors
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
    result_processors = []
    for index, column in enumerate(statement.selected_columns):
        process = column.type.dialect_impl(dialect).result_processor(dialect, None)
        if process is not None:
            result_processors.append((index, process))
    return _Compiled(
        sql=str(compiled),
        positional=bool(compiled.positional),
        names=tuple(compiled.positiontup or ()),
        fixed=fixed,
        bind_processors=bind_processors,
        result_processors=tuple(result_processors),
        escaped=dict(compiled.escaped_bind_names or {}),
    )
