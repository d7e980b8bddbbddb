"""Error handlers: JSON for the API (and clients that ask for it), HTML pages otherwise.

Nothing here ever shows a stack trace; unexpected errors are logged (``directory.logs``,
JSON lines with the request id) and answered 500.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, make_response, render_template, request
from flask.globals import request_ctx
from werkzeug.exceptions import HTTPException, InternalServerError

from directory.logs import log_unexpected
from directory.services import ServiceError


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
    template = f"errors/{status}.html" if status in (404, 429, 500) else "errors/generic.html"
    return render_template(template, status=status, code=code, message=message), status


def http_error(exc: HTTPException) -> Response:
    """The site's answer to an HTTP error: JSON or a page, with the error's headers."""
    status = exc.code or 500
    code = (exc.name or "error").lower().replace(" ", "_")
    response = make_response(error_response(status, code, exc.description or exc.name))
    # Keep what the exception says about retrying: Allow on a 405, Retry-After on 429/503.
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _service_error(exc: ServiceError) -> tuple[Response | str, int]:
    return error_response(exc.status, exc.code, exc.message)


def _unexpected(exc: Exception) -> Response | tuple[Response | str, int]:
    if isinstance(exc, HTTPException):
        return http_error(exc)
    # Flask does not log an exception that has a handler: this is the one place it is.
    log_unexpected(exc)
    generic = InternalServerError()
    return error_response(500, "internal_error", generic.description or "Internal error")


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(ServiceError, _service_error)
    app.register_error_handler(Exception, _unexpected)
