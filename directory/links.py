"""Absolute links (emails, the API's ``url`` fields, OpenAPI ``servers``, JSON-LD,
canonical links), always built from ``PUBLIC_BASE_URL``.

Never from the request: its ``Host`` (or ``X-Forwarded-Host``) is chosen by whoever
sends it, so a reset requested with ``Host: evil.example`` would otherwise mail the
victim a genuine token on a link to the attacker's site.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app
from werkzeug.routing import MapAdapter

EXTENSION_KEY = "directory.links"


def absolute_url(endpoint: str, *, _anchor: str | None = None, **values: Any) -> str:
    """The URL of ``endpoint`` on the configured public site (``PUBLIC_BASE_URL``)."""
    url = _adapter(str(current_app.config["PUBLIC_BASE_URL"])).build(
        endpoint, values, force_external=True
    )
    return f"{url}#{_anchor}" if _anchor else url


def _adapter(base_url: str) -> MapAdapter:
    """The URL map bound to ``base_url``, kept per app and base: an API answer or a
    profile page builds several links, and binding the map for each cost more than
    building the link. Building reads the adapter and never changes it."""
    adapters: dict[str, MapAdapter] = current_app.extensions.setdefault(EXTENSION_KEY, {})
    adapter = adapters.get(base_url)
    if adapter is None:
        base = urlsplit(base_url.rstrip("/"))
        adapter = adapters[base_url] = current_app.url_map.bind(
            base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
        )
    return adapter


def trusted_host(base_url: str) -> str:
    """The host name (without port) of ``base_url``, for the default ``TRUSTED_HOSTS``."""
    return urlsplit(base_url).hostname or ""


def init_app(app: Flask) -> None:
    """Offer ``absolute_url`` to templates (canonical links)."""
    app.jinja_env.globals["absolute_url"] = absolute_url
