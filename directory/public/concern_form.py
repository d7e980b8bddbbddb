"""The blank concern form of a profile page, written once per process.

Every profile page carries the "Report a concern" form, and nearly every visitor sees
it blank. Building a WTForms form for it and rendering its fields was about a tenth of
a profile page's CPU, for HTML that differs between pages only in three places: the
practitioner's name, the address it posts to and the CSRF token. So the macro in
``_macros/concern_form.html`` renders a blank form once, with markers in those places,
and each page fills them in. A form sent back with errors (or with what was typed) is
still rendered by the macro itself. ``tests/integration/safety/test_concern_form_html.py``
checks that both ways write the same page.
"""

from __future__ import annotations

import re
from typing import Any

from flask import current_app
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from directory.public.forms import ConcernForm

TEMPLATE = "_macros/concern_form.html"
EXTENSION_KEY = "public.blank_concern_form"
ABOUT, ACTION, TOKEN = "\x00about\x00", "\x00action\x00", "\x00token\x00"
_MARKER = re.compile("(" + "|".join(map(re.escape, (ABOUT, ACTION, TOKEN))) + ")")


def blank_concern_form(about: str, action: str) -> Markup:
    """The macro's HTML for a blank form about ``about`` posting to ``action``, with
    this visitor's CSRF token (which starts their session, as the form would)."""
    parts = _parts()
    values = {ABOUT: escape(about), ACTION: escape(action)}
    if TOKEN in parts:  # not when CSRF protection is switched off
        values[TOKEN] = escape(generate_csrf())
    # re.split with a group: the markers are at the odd places.
    return Markup("".join(values[p] if i % 2 else p for i, p in enumerate(parts)))


def _parts() -> list[str]:
    """The blank form's HTML cut at its markers, kept for this process's template (a
    reloaded template, in development, is a new object and writes it again; so does
    switching CSRF protection on or off)."""
    template = current_app.jinja_env.get_template(TEMPLATE)
    csrf_on = bool(FlaskForm.Meta().csrf)  # Flask-WTF's own reading of its setting
    kept: tuple[Any, bool, list[str]] | None = current_app.extensions.get(EXTENSION_KEY)
    if kept is None or kept[0] is not template or kept[1] is not csrf_on:
        form = ConcernForm(formdata=None)
        csrf_field = getattr(form, "csrf_token", None)
        macro = template.module.concern_form  # type: ignore[attr-defined]
        html = str(macro(form, ABOUT, ACTION, csrf_field or ""))
        if csrf_field is not None:
            # The token is random and long: it occurs once, as the hidden field's value.
            html = html.replace(str(escape(csrf_field.current_token)), TOKEN)
        kept = (template, csrf_on, _MARKER.split(html))
        current_app.extensions[EXTENSION_KEY] = kept
    return kept[2]
