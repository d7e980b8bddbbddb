"""Absolute links (emails, the API's ``url`` fields, OpenAPI ``servers``, JSON-LD,
canonical links), always built from ``PUBLIC_BASE_URL``.

Never from the request: its ``Host`` (or ``X-Forwarded-Host``) is chosen by whoever
sends it, so a reset requested with ``Host: evil.example`` would otherwise mail the
victim a genuine token on a link to the attacker's site.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app
from werkzeug.routing import BuildError, MapAdapter

EXTENSION_KEY = "directory.links"
PATTERNS_KEY = "directory.link_patterns"


def absolute_url(endpoint: str, *, _anchor: str | None = None, **values: Any) -> str:
    """The URL of ``endpoint`` on the configured public site (``PUBLIC_BASE_URL``)."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    base_url = str(app.config["PUBLIC_BASE_URL"])
    if len(values) == 1:
        url = _by_pattern(app, base_url, endpoint, values)
    else:
        url = _adapter(base_url, app).build(endpoint, values, force_external=True)
    return f"{url}#{_anchor}" if _anchor else url


# A value made only of these is written into a URL as it is, by any converter that
# accepts it; the marker stands in for it when a link's pattern is built.
_PLAIN = re.compile(r"[A-Za-z0-9_~-]+")
_MARKER = "Qx7MARKERx7Q"


def _by_pattern(app: Flask, base_url: str, endpoint: str, values: dict[str, Any]) -> str:
    """The link for an endpoint with one plain value (a profile, a treatment: an API
    answer has twenty) from the link built once per process with a marker in its place;
    anything else, or an endpoint whose URL the marker does not pass through, is built
    by the URL map each time."""
    ((name, value),) = values.items()
    adapter = _adapter(base_url, app)
    if not (isinstance(value, str) and _PLAIN.fullmatch(value)):
        return adapter.build(endpoint, values, force_external=True)
    patterns: dict[tuple[str, str, str], tuple[str, str] | None]
    patterns = app.extensions.setdefault(PATTERNS_KEY, {})
    key = (base_url, endpoint, name)
    if key not in patterns:
        try:
            built = adapter.build(endpoint, {name: _MARKER}, force_external=True)
        except (BuildError, ValueError):
            built = ""
        parts = built.split(_MARKER)
        patterns[key] = (parts[0], parts[1]) if len(parts) == 2 else None
    pattern = patterns[key]
    if pattern is None:
        return adapter.build(endpoint, values, force_external=True)
    return pattern[0] + value + pattern[1]


def _adapter(base_url: str, app: Flask | None = None) -> MapAdapter:
    """The URL map bound to ``base_url``, kept per app and base: an API answer or a
    profile page builds several links, and binding the map for each cost more than
    building the link. Building reads the adapter and never changes it."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    adapters: dict[str, MapAdapter] = app.extensions.setdefault(EXTENSION_KEY, {})
    adapter = adapters.get(base_url)
    if adapter is None:
        base = urlsplit(base_url.rstrip("/"))
        adapter = adapters[base_url] = app.url_map.bind(
            base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
        )
    return adapter


def trusted_host(base_url: str) -> str:
    """The host name (without port) of ``base_url``, for the default ``TRUSTED_HOSTS``."""
    return urlsplit(base_url).hostname or ""


def init_app(app: Flask) -> None:
    """Offer ``absolute_url`` to templates (canonical links)."""
    app.jinja_env.globals["absolute_url"] = absolute_url
