"""The layout's fixed links, rendered once per process instead of on every page.

Every page writes the same stylesheet and script addresses, the main navigation and the
footer's nine links; building them with ``url_for`` and a Jinja loop cost more than the
rest of the layout. They depend only on the URL map (fixed once the app serves) and the
request's script root, so each is kept per script root. The navigation and footer are
still written by their template (``templates/_layout/links.html``): a reloaded template
(``TEMPLATES_AUTO_RELOAD`` in development) is a new object, and the kept copies go
with the old one.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request, url_for
from flask.sansio.app import App
from markupsafe import Markup

PARTS_TEMPLATE = "_layout/links.html"
EXTENSION_KEY = "web.layout_parts"


def _kept() -> tuple[Any, dict[tuple[Any, ...], Any]]:
    """This process's template of the parts and what was kept from it."""
    template = current_app.jinja_env.get_template(PARTS_TEMPLATE)
    kept = current_app.extensions.get(EXTENSION_KEY)
    if kept is None or kept[0] is not template:
        kept = current_app.extensions[EXTENSION_KEY] = (template, {})
    return kept


def layout_part(name: str, active_nav: Any = None) -> Markup:
    """The macro ``name`` of ``_layout/links.html`` as it renders for this script root
    (and ``active_nav``, the key of the main link to mark as the current page; anything
    but a string marks none)."""
    current = active_nav if isinstance(active_nav, str) else None
    template, kept = _kept()
    key = (request.script_root, name, current)
    if key not in kept:
        macro = getattr(template.module, name)
        kept[key] = Markup(macro(current) if name == "main_nav" else macro())
    return kept[key]  # type: ignore[no-any-return]


def static_url(filename: str) -> str:
    """``url_for("static", filename=filename)``, kept per script root."""
    _, kept = _kept()
    key = (request.script_root, "static", filename)
    if key not in kept:
        kept[key] = url_for("static", filename=filename)
    return kept[key]  # type: ignore[no-any-return]


def init_app(app: App) -> None:
    app.add_template_global(layout_part)
    app.add_template_global(static_url)
