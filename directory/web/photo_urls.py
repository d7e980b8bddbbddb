"""Addresses, image tags and responses for photo copies.

Every address carries the photo's content digest and width, so it never changes
meaning: a copy may be cached for a year, and a replaced photo has a new address.
The image tags are template globals written in Python, byte for byte what the macros
of ``_macros/photos.html`` wrote (``tests/integration/public/test_link_building.py``
renders both): a profile page has one per photo, and a macro call cost more than
writing the tag.
"""

from __future__ import annotations

from typing import Any

from flask import Response, g, has_request_context, url_for
from flask.sansio.app import App
from markupsafe import Markup, escape

from directory.links import absolute_url
from directory.models import Photo
from directory.storage.responses import send_stored

YEAR = 365 * 24 * 3600


def photo_url(photo: Photo, width: int | None = None) -> str:
    """The public address of a copy (the widest when ``width`` is None). A profile shows
    every copy of every photo in ``srcset``, so the route is built once per request and
    the rest written in; anything unusual goes through ``url_for``."""
    values = photo.url_values(width)
    base = _photos_base()
    if base is None or not str(values["digest"]).isalnum():
        return url_for("public.photo_file", **values)
    return f"{base}{int(values['photo_id'])}/{values['digest']}-{int(values['width'])}.webp"


_PROBE: dict[str, Any] = {"photo_id": 1, "digest": "d", "width": 2}
_PROBE_TAIL = "1/d-2.webp"


def _photos_base() -> str | None:
    """The address of every photo copy up to the photo's id, for this request; None
    outside a request."""
    if not has_request_context():
        return None
    if "photos_base" not in g:
        probe = url_for("public.photo_file", **_PROBE)
        g.photos_base = probe.removesuffix(_PROBE_TAIL) if probe.endswith(_PROBE_TAIL) else None
    return g.photos_base  # type: ignore[no-any-return]


def absolute_photo_url(photo: Photo, width: int | None = None) -> str:
    """The same on ``PUBLIC_BASE_URL``, for the API and JSON-LD."""
    return absolute_url("public.photo_file", **photo.url_values(width))


def srcset(photo: Photo) -> str:
    return ", ".join(f"{photo_url(photo, w)} {w}w" for w in photo.widths)


GALLERY_SIZES = "(min-width: 48rem) 12rem, 45vw"


def photo_img(
    photo: Photo, sizes: str, lazy: bool = True, class_: str = "", src: str | None = None
) -> Markup:
    """An ``img`` of a stored photo: every copy in ``srcset`` with the caller's
    ``sizes`` (unless ``src`` names the one address to show), width and height so the
    page does not jump while it loads, lazy unless it is at the top of the page."""
    parts = [f'<img src="{escape(src or photo_url(photo, photo.widths[0]))}"']
    if not src:
        parts.append(f' srcset="{escape(srcset(photo))}" sizes="{escape(sizes)}"')
    parts.append(
        f' width="{escape(photo.width)}" height="{escape(photo.height)}" alt="{escape(photo.alt)}"'
    )
    parts.append(' loading="lazy" decoding="async"' if lazy else ' decoding="async"')
    if class_:
        parts.append(f' class="{escape(class_)}"')
    return Markup("".join(parts) + ">")


def clinic_gallery(photos: list[Photo], clinic_name: str) -> Markup:
    """The photos of one clinic on its card: small, lazy, two or three to a row."""
    if not photos:
        return Markup("")
    items = "".join(f"<li>{photo_img(photo, GALLERY_SIZES)}</li>" for photo in photos)
    return Markup(
        f'\n    <ul class="clinic-photos" aria-label="Photos of {escape(clinic_name)}">'
        f"\n      {items}\n    </ul>\n  "
    )


def serve_public(key: str, etag: str) -> Response:
    """Stream a public copy: WebP, cacheable by anyone for a year, never sniffed."""
    return send_stored(key, "image/webp", f"public, max-age={YEAR}, immutable", etag)


def init_templates(app: App) -> None:
    app.add_template_global(photo_url)
    app.add_template_filter(srcset)
    app.add_template_global(photo_img)
    app.add_template_global(clinic_gallery)
