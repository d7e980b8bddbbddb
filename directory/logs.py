"""Request ids and the error log, one JSON object per line for a log collector.

Every request gets an id: the proxy's ``X-Request-Id`` when it looks like one, else a
fresh one. It is sent back in ``X-Request-Id``, shown on the error page, and written
with every unexpected exception together with the method and path. Form values, query
strings, cookies and SQL parameters are never logged (they can hold passwords and
personal details); for a database error only the driver's first line is kept.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import traceback
from datetime import UTC, datetime

from flask import Flask, Response, g, has_request_context, request
from sqlalchemy.exc import StatementError

error_log = logging.getLogger("directory.errors")
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class JsonLines(logging.Formatter):
    """Format a record as one JSON object: time, level, logger, message and extras."""

    FIELDS = ("request_id", "method", "path", "status", "exception", "detail", "traceback")

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in self.FIELDS:
            if name in record.__dict__:
                entry[name] = record.__dict__[name]
        return json.dumps(entry, ensure_ascii=False)


class StderrLines(logging.Handler):
    """Write to whatever ``sys.stderr`` is now (gunicorn collects a worker's stderr)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:  # noqa: BLE001 - logging must never break the request
            self.handleError(record)


def request_id() -> str:
    if not has_request_context():
        return "-"
    if "request_id" not in g:
        offered = request.headers.get("X-Request-Id", "")
        # 32 random hex digits, as a uuid4's hex but without building a UUID each time.
        g.request_id = offered if _SAFE_ID.fullmatch(offered) else os.urandom(16).hex()
    return str(g.request_id)


def _detail(exc: BaseException) -> str:
    if isinstance(exc, StatementError) and exc.orig is not None:
        # str(exc) carries the statement's parameters: a password hash, an address...
        first = str(exc.orig).strip().splitlines()
        return f"{type(exc.orig).__name__}: {first[0] if first else ''}"[:300]
    return f"{type(exc).__name__}: {exc}"[:300]


def log_unexpected(exc: BaseException) -> None:
    """Log ``exc`` with the request id, method and path, and the stack (no values)."""
    frames = traceback.format_tb(exc.__traceback__)
    error_log.error(
        "unexpected error",
        extra={
            "request_id": request_id(),
            "method": request.method if has_request_context() else "-",
            "path": request.path if has_request_context() else "-",
            "exception": f"{type(exc).__module__}.{type(exc).__qualname__}",
            "detail": _detail(exc),
            "traceback": "".join(frames),
        },
    )


def _send_request_id(response: Response) -> Response:
    response.headers["X-Request-Id"] = request_id()
    return response


def _to_stderr(logger: logging.Logger) -> None:
    if not any(isinstance(h, StderrLines) for h in logger.handlers):
        handler = StderrLines()
        handler.setFormatter(JsonLines())
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False  # one line per event, not a second plain-text copy


def init_app(app: Flask) -> None:
    _to_stderr(error_log)
    # Flask-Limiter only attaches a NullHandler: without this, "storage unreachable -
    # falling back to in-memory storage" (Redis down) would go nowhere.
    _to_stderr(logging.getLogger("flask-limiter"))
    app.after_request(_send_request_id)
    app.jinja_env.globals["request_id"] = request_id
