"""Error handlers: JSON for the API (and clients that ask for it), HTML pages otherwise.

Nothing here ever shows a stack trace; unexpected errors are logged (``directory.logs``,
JSON lines with the request id) and answered 500.
"""

from __future__ import annotations

import logging
import time

from flask import (
    Flask,
    Response,
    current_app,
    g,
    jsonify,
    make_response,
    render_template,
    request,
)
from flask.globals import request_ctx
from sqlalchemy.exc import DBAPIError, OperationalError, TimeoutError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from directory.logs import log_unexpected
from directory.services import ServiceError

log = logging.getLogger(__name__)

UNAVAILABLE = (
    "Our database is not answering at the moment, so nothing was saved or shown. "
    "Please try again in a minute."
)


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    accepted = request.accept_mimetypes
    return best == "application/json" and accepted[best] > accepted["text/html"]


def _can_build_urls() -> bool:
    context = request_ctx._get_current_object()  # type: ignore[attr-defined]
    return context.url_adapter is not None


def error_response(
    status: int, code: str, message: str, **extra: object
) -> tuple[Response | str, int]:
    """Answer an error as JSON ``{"error": {"code", "message", ...}}`` or an HTML page."""
    if wants_json():
        return jsonify({"error": {"code": code, "message": message, **extra}}), status
    if not _can_build_urls():
        # A Host header that is not ours (or not a host at all): the page's links cannot
        # be built, so answer in plain text rather than fail while rendering the page.
        return Response(f"{status}: {message}\n", mimetype="text/plain"), status
    template = f"errors/{status}.html" if status in (404, 410, 429, 500) else "errors/generic.html"
    return render_template(template, status=status, code=code, message=message), status


def http_error(exc: HTTPException) -> Response:
    """The site's answer to an HTTP error: JSON or a page, with the error's headers."""
    status = exc.code or 500
    code = (exc.name or "error").lower().replace(" ", "_")
    if status == 429:
        g.retry_after = retry_after_seconds()  # the 429 page states the real wait
    response = make_response(error_response(status, code, exc.description or exc.name))
    # Keep what the exception says about retrying: Allow on a 405, Retry-After on 429/503.
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def retry_after_seconds() -> int | None:
    """Seconds until the rate limit this request broke lets it through again, or None."""
    from directory.extensions import limiter

    current = limiter.current_limit
    if current is None or not current.breached:
        return None
    return max(1, int(current.reset_at - time.time()))


def wait_words(seconds: int | None) -> str:
    """``seconds`` as a person would say it, rounded up: "45 seconds", "about 12 minutes"."""
    if seconds is None:
        return "a while"
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    if minutes < 90:
        return "1 minute" if minutes == 1 else f"about {minutes} minutes"
    hours = -(-minutes // 60)
    return f"about {hours} hours"


def _service_error(exc: ServiceError) -> tuple[Response | str, int]:
    return error_response(exc.status, exc.code, exc.message)


def _unexpected(exc: Exception) -> Response | tuple[Response | str, int]:
    if isinstance(exc, HTTPException):
        return http_error(exc)
    # Flask does not log an exception that has a handler: this is the one place it is.
    log_unexpected(exc)
    generic = InternalServerError()
    return error_response(500, "internal_error", generic.description or "Internal error")


def database_unavailable(exc: Exception) -> Response:
    """503 with ``Retry-After`` when the database is down, hung or out of connections.

    The page is rendered without the context processors (they would load the signed-in
    user from that same database) and without the demo-data check. A form that was
    being sent is shown again with what was typed (never passwords, never files), so
    nothing has to be typed twice.
    """
    from directory.extensions import db

    log.warning(
        "database unavailable on %s %s: %s", request.method, request.path, type(exc).__name__
    )
    try:
        db.session.rollback()
    except Exception:  # the connection is gone; the pool drops it
        log.debug("rollback after a database failure failed too", exc_info=True)
    if wants_json():
        response = jsonify({"error": {"code": "service_unavailable", "message": UNAVAILABLE}})
    else:
        template = current_app.jinja_env.get_template("errors/503.html")
        response = make_response(
            template.render(
                status=503,
                message=UNAVAILABLE,
                database_down=True,
                kept=_kept_fields(),
            )
        )
    response.status_code = 503
    response.headers["Retry-After"] = str(current_app.config["RETRY_AFTER_SECONDS"])
    return response


def _kept_fields() -> list[tuple[str, str]]:
    """The form fields of a POST worth offering back: no passwords (never echoed)."""
    if request.method != "POST" or not request.form:
        return []
    return [
        (name, value)
        for name, value in request.form.items(multi=True)
        if "password" not in name.lower() and "confirm" not in name.lower()
    ]


# SQLite reports a missing table as an OperationalError too: only these mean the file
# itself is out of reach for now.
_SQLITE_UNAVAILABLE = ("database is locked", "unable to open database", "disk i/o error")


def _is_unavailable(exc: DBAPIError) -> bool:
    if exc.connection_invalidated:
        return True
    if not isinstance(exc, OperationalError):
        return False
    if type(exc.orig).__module__.startswith("sqlite3"):
        return any(text in str(exc.orig).lower() for text in _SQLITE_UNAVAILABLE)
    return True


def _dbapi_error(exc: DBAPIError) -> Response | tuple[Response | str, int]:
    if _is_unavailable(exc):
        return database_unavailable(exc)
    return _unexpected(exc)


def _stale(exc: StaleDataError) -> tuple[Response | str, int]:
    # A versioned row changed under an edit that no service turned into a form message.
    from directory.extensions import db
    from directory.services.versions import CONFLICT

    db.session.rollback()
    return error_response(409, "edit_conflict", CONFLICT)


def init_app(app: Flask) -> None:
    app.add_template_filter(wait_words)
    app.register_error_handler(StaleDataError, _stale)
    app.register_error_handler(DBAPIError, _dbapi_error)
    app.register_error_handler(TimeoutError, database_unavailable)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(ServiceError, _service_error)
    app.register_error_handler(Exception, _unexpected)
