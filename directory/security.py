"""Security headers on every response.

HTML pages get a Content Security Policy that allows only this site's own scripts and
stylesheets (nothing inline), map tiles from OpenStreetMap, and framing by this site only
(the admin area shows evidence PDFs in a frame). Responses that set their own policy,
such as evidence files, keep it.
"""

from __future__ import annotations

from flask import Flask, Response

TILE_HOST = "https://tile.openstreetmap.org"
HTML_POLICY = "; ".join([
    "default-src 'self'",
    f"img-src 'self' data: {TILE_HOST}",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
])


def _headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
    if response.mimetype == "text/html":
        headers.setdefault("Content-Security-Policy", HTML_POLICY)
    return response


def init_app(app: Flask) -> None:
    app.after_request(_headers)
