"""Answering a request with a stored file, for the web layer's photo routes."""

from __future__ import annotations

from flask import Response, send_file
from werkzeug.exceptions import NotFound

from directory import storage


def send_stored(key: str, mimetype: str, cache_control: str, etag: str | None = None) -> Response:
    """Stream the file at ``key`` with these headers and ``nosniff``; conditional (304)
    when an ``etag`` is given. Raises werkzeug's ``NotFound`` when the file is missing."""
    try:
        stream = storage.backend().open(key)
    except FileNotFoundError as exc:
        raise NotFound() from exc
    response = send_file(
        stream, mimetype=mimetype, etag=etag or False, conditional=bool(etag), max_age=0
    )
    response.headers["Cache-Control"] = cache_control
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
