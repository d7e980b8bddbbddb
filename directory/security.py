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


def _headers(response: Response) -> Response:
    headers = response.headers
    if current_app.config["HSTS"]:
        headers.setdefault("Strict-Transport-Security", HSTS)
    # Our pages open no other site's windows that need a handle back to us, nor the reverse.
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if _personal():
        # Never kept by the browser or a shared cache: the back button after sign-out,
        # or the next person at a shared computer, must not see the pages again.
        headers["Cache-Control"] = "no-store"
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
    if response.mimetype == "text/html":
        headers.setdefault("Content-Security-Policy", HTML_POLICY)
    return response


def init_app(app: Flask) -> None:
    app.after_request(_headers)
