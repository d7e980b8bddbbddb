"""Request checks made before any view, so odd input is a 4xx and never reaches the
database as something it refuses (a 500).

- A NUL in a path segment (``/practitioners/%00``) is a 404: no slug contains one, and
  PostgreSQL refuses NUL in text outright.
- An id at or above 2^31 in a path (``/account/claims/2147483648``) is a 404: it cannot
  be a row, and PostgreSQL's ``integer`` refuses it in a comparison.
- NUL is dropped from query-string values (``?q=a%00b`` searches for "ab"), as the
  forms drop it from typed text.
"""

from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.datastructures import ImmutableMultiDict

MAX_ID = 2**31 - 1  # PostgreSQL integer, the type of every id column


def check_request() -> None:
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and "\x00" in value:
            abort(404)
        if isinstance(value, int) and not -MAX_ID <= value <= MAX_ID:
            abort(404)
    # A NUL reaches the arguments only as %00 (or a raw NUL) in the query string: look
    # there first, rather than parsing and walking every argument of every request.
    query = request.query_string
    if b"%00" not in query and b"\x00" not in query:
        return
    pairs = list(request.args.items(multi=True))
    if any("\x00" in key or "\x00" in value for key, value in pairs):
        cleaned = [(key.replace("\x00", ""), value.replace("\x00", "")) for key, value in pairs]
        request.args = ImmutableMultiDict(cleaned)  # type: ignore[misc]


def init_app(app: Flask) -> None:
    # Before everything else but the request-size cap: CSRF and login both read the
    # request, and a user loader given such an id would query the database with it.
    funcs = app.before_request_funcs.setdefault(None, [])
    funcs.insert(0, check_request)
