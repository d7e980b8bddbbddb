"""Fail fast when PostgreSQL is slow, gone or hung, instead of waiting for ever.

Three timeouts come from the configuration (all in seconds):

- ``DATABASE_CONNECT_TIMEOUT``: opening a connection (libpq ``connect_timeout``);
- ``DATABASE_STATEMENT_TIMEOUT``: one statement, enforced by the server
  (``statement_timeout``), which cancels it and keeps the connection;
- ``DATABASE_POOL_TIMEOUT``: waiting for a free connection in the worker's pool.

A server that is hung (stopped, swapped out, a frozen network path) cannot cancel
anything, and its kernel still acknowledges our packets, so no server or TCP setting
notices. For that case every call this process makes on a PostgreSQL connection
(statements, commit, rollback, the pool's ping) runs under a client-side deadline a
little longer than the statement timeout: when it passes, a watchdog thread shuts the
connection's socket down, the blocked call fails with ``OperationalError`` and the
pool throws the connection away. The request then answers 503 (``directory.errors``).
"""

from __future__ import annotations

import itertools
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

# The client-side deadline is the statement timeout plus this margin, so that a merely
# slow statement is cancelled cleanly by the server before the watchdog acts.
DEADLINE_MARGIN = 2.0
TICK = 0.1  # how often the watchdog looks at its deadlines


def engine_options(config: dict[str, Any]) -> dict[str, Any]:
    """``SQLALCHEMY_ENGINE_OPTIONS`` with the configured timeouts added for PostgreSQL
    (SQLite waits for locks through its own ``busy_timeout``)."""
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if not str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("postgresql"):
        return options
    statement_ms = int(float(config["DATABASE_STATEMENT_TIMEOUT"]) * 1000)
    connect_args = dict(options.get("connect_args") or {})
    connect_seconds = max(1, round(float(config["DATABASE_CONNECT_TIMEOUT"])))
    connect_args.setdefault("connect_timeout", connect_seconds)
    connect_args.setdefault("options", f"-c statement_timeout={statement_ms}")
    options["connect_args"] = connect_args
    options.setdefault("pool_timeout", float(config["DATABASE_POOL_TIMEOUT"]))
    return options


class Watchdog:
    """Deadlines on blocking database calls, checked by one daemon thread per process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._deadlines: dict[int, tuple[float, int]] = {}
        self._tokens = itertools.count()
        self._thread: threading.Thread | None = None
        self._pid = 0

    def arm(self, fileno: int, seconds: float) -> int:
        token = next(self._tokens)
        with self._lock:
            self._deadlines[token] = (time.monotonic() + seconds, fileno)
            if self._thread is None or self._pid != os.getpid():
                # Started lazily and again after a fork (gunicorn workers): a thread does
                # not survive ``fork``.
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self._run, name="db-deadline", daemon=True)
                self._thread.start()
        return token

    def disarm(self, token: int) -> None:
        with self._lock:
            self._deadlines.pop(token, None)

    def _run(self) -> None:
        while True:
            time.sleep(TICK)
            now = time.monotonic()
            with self._lock:
                expired = [(t, fd) for t, (when, fd) in self._deadlines.items() if when <= now]
                for token, _fd in expired:
                    del self._deadlines[token]
            for _token, fileno in expired:
                _cut(fileno)


def _cut(fileno: int) -> None:
    """Shut the socket down under a blocked call, which then fails at once."""
    log.error("database call passed its deadline; dropping the connection")
    try:
        sock = socket.socket(fileno=os.dup(fileno))
    except OSError:
        return  # already closed: nothing is blocked on it
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        sock.close()


WATCHDOG = Watchdog()


def _fileno(dbapi_connection: Any) -> int | None:
    try:
        return int(dbapi_connection.fileno())
    except Exception:  # closed or broken: let the call itself report it
        return None


def _guard(
    call: Callable[..., Any], seconds: float, conn_of: Callable[[Any], Any]
) -> Callable[..., Any]:
    def guarded(target: Any, *args: Any, **kwargs: Any) -> Any:
        fileno = _fileno(conn_of(target))
        if fileno is None:
            return call(target, *args, **kwargs)
        token = WATCHDOG.arm(fileno, seconds)
        try:
            return call(target, *args, **kwargs)
        finally:
            WATCHDOG.disarm(token)

    return guarded


def install(engine: Engine, statement_timeout: float) -> None:
    """Put every blocking call of ``engine``'s PostgreSQL dialect under the deadline."""
    if engine.dialect.name != "postgresql":
        return
    seconds = float(statement_timeout) + DEADLINE_MARGIN
    dialect: Any = engine.dialect

    def by_cursor(cursor: Any) -> Any:
        return cursor.connection

    def same(connection: Any) -> Any:
        return connection

    for name, conn_of in (
        ("do_execute", by_cursor),
        ("do_execute_no_params", by_cursor),
        ("do_executemany", by_cursor),
        ("do_commit", same),
        ("do_rollback", same),
        ("do_ping", same),
    ):
        # Bound methods of this engine's own dialect object; other engines are untouched.
        setattr(dialect, name, _guard(getattr(dialect, name), seconds, conn_of))
