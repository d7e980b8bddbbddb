"""The public forms' fields with their label, hint and first error, as template globals
written in Python (``{{ text_field(form.email, "hint", autocomplete="email") }}``).

As Jinja macros, the concern form's fields were a seventh of a profile page's
rendering, most of it the cost of calling a macro. The HTML is byte for byte what the
macros wrote (``tests/unit/test_field_html.py`` renders both): ids are
``concern-<name>`` so an error summary can link to them, and the hint and error are tied
to the input by ``aria-describedby``.
"""

from __future__ import annotations

from typing import Any

from flask.sansio.app import App
from markupsafe import Markup, escape


def field_error(field: Any) -> Markup:
    """The field's first error, or nothing."""
    if not field.errors:
        return Markup("")
    return Markup(
        f'<span class="field-error" id="concern-{escape(field.name)}-error">'
        f'<span class="visually-hidden">Error: </span>{escape(field.errors[0])}</span>'
    )


def text_field(field: Any, hint: str = "", **kwargs: Any) -> Markup:
    """The field in its ``div.field`` with label, ``hint`` (if any) and error; ``kwargs``
    are the input's own attributes."""
    fid = f"concern-{field.name}"
    described = ([f"{fid}-hint"] if hint else []) + ([f"{fid}-error"] if field.errors else [])
    attrs: dict[str, Any] = {"id": fid}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    attrs.update(kwargs)
    hint_line = f'<span class="hint" id="{escape(fid)}-hint">{escape(hint)}</span>' if hint else ""
    return Markup(
        f'\n  \n  <div class="field{" field--invalid" if field.errors else ""}">\n'
        f'    <label for="{escape(fid)}">{escape(field.label.text)}</label>\n'
        f"    {hint_line}\n"
        f"    {field_error(field)}\n"
        "    \n    \n    \n    \n"
        f"    {escape(field(**attrs))}\n"
        "  </div>"
    )


def init_app(app: App) -> None:
    app.add_template_global(field_error)
    app.add_template_global(text_field)
