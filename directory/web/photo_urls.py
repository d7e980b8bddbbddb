"""Addresses and responses for photo copies.

Every address carries the photo's content digest and width, so it never changes
meaning: a copy may be cached for a year, and a replaced photo has a new address.
"""

from __future__ import annotations

from flask import Response, url_for
from flask.sansio.app import App

from directory.links import absolute_url
from directory.models import Photo
from directory.storage.responses import send_stored

YEAR = 365 * 24 * 3600


def photo_url(photo: Photo, width: int | None = None) -> str:
    """The public address of a copy (the widest when ``width`` is None)."""
    return url_for("public.photo_file", **photo.url_values(width))


def absolute_photo_url(photo: Photo, width: int | None = None) -> str:
    """The same on ``PUBLIC_BASE_URL``, for the API and JSON-LD."""
    return absolute_url("public.photo_file", **photo.url_values(width))


def srcset(photo: Photo) -> str:
    return ", ".join(f"{photo_url(photo, w)} {w}w" for w in photo.widths)


def serve_public(key: str, etag: str) -> Response:
    """Stream a public copy: WebP, cacheable by anyone for a year, never sniffed."""
    return send_stored(key, "image/webp", f"public, max-age={YEAR}, immutable", etag)


def init_templates(app: App) -> None:
    app.add_template_global(photo_url)
    app.add_template_filter(srcset)
