"""Security headers on every response.

All responses: ``nosniff``, a referrer policy, ``Cross-Origin-Opener-Policy:
same-origin``, and in production (``HSTS``) ``Strict-Transport-Security`` for a year.
Admin pages and every response to a signed-in session: ``Cache-Control: no-store``.

HTML pages get a Content Security Policy that allows only this site's own scripts and
stylesheets (nothing inline), map tiles from OpenStreetMap, and framing by this site only
(the admin area shows evidence PDFs in a frame). Responses that set their own policy,
such as evidence files, keep it.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, Response, current_app, request, session

TILE_HOST = "https://tile.openstreetmap.org"
HTML_POLICY = "; ".join(
    [
        "default-src 'self'",
        f"img-src 'self' data: {TILE_HOST}",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)


HSTS = "max-age=31536000; includeSubDomains"


def _personal() -> bool:
    """True for responses that may show someone's own data: anything in the admin area
    and anything answered to a signed-in session."""
    if request.blueprint == "admin":
        return True
    # Only look into the session when a cookie came: reading it adds "Vary: Cookie".
    return current_app.config["SESSION_COOKIE_NAME"] in request.cookies and bool(
        session.get("_user_id")
    )


# Added unless the response already has them, in this order (HSTS first, when on).
FIRST = (
    # Our pages open no other site's windows that need a handle back to us, nor the reverse.
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
THEN = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "SAMEORIGIN"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)"),
)


def _headers(response: Response) -> Response:
    headers = response.headers
    # The names present, read once: a ``setdefault`` per header looks through them all
    # and raises and catches an exception for each one missing (a fifth of the hooks'
    # time on every response).
    present = {name.lower() for name, _ in headers.items()}

    def add(pairs: Iterable[tuple[str, str]]) -> None:
        for name, value in pairs:
            if name.lower() not in present:
                headers.add(name, value)

    if current_app.config["HSTS"]:
        add([("Strict-Transport-Security", HSTS)])
    add(FIRST)
    if _personal():
        # Never kept by the browser or a shared cache: the back button after sign-out,
        # or the next person at a shared computer, must not see the pages again.
        headers["Cache-Control"] = "no-store"
    add(THEN)
    if response.mimetype == "text/html":
        add([("Content-Security-Policy", HTML_POLICY)])
    return response


def init_app(app: Flask) -> None:
    app.after_request(_headers)
