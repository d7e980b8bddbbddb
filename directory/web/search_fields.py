"""The search form's error line and ``aria-describedby`` for each field, as template
filters written in Python (``{{ form|search_field_error("q") }}``) rather than macros:
the form has eighteen of them, and calling a Jinja macro costs several times what the
few lines of HTML take to write (half of the whole form's rendering). The output is
byte for byte what the macros wrote (``tests/unit/test_search_fields.py`` renders
both).
"""

from __future__ import annotations

from flask.sansio.app import App
from markupsafe import Markup, escape

from directory.web.search_form import SearchForm


def search_field_error(form: SearchForm, name: str) -> Markup:
    """The error shown above the field ``name`` (its id ``<name>-error``), or nothing."""
    error = form.errors.get(name)
    if not error:
        return Markup("")
    return Markup(
        f'\n    <span class="field-error" id="{escape(name)}-error">'
        f'<span class="visually-hidden">Error: </span>{escape(error)}</span>\n  '
    )


def search_described(form: SearchForm, name: str, hint: bool = True) -> Markup:
    """The attributes that tie the field ``name`` to its hint (``<name>-hint``) and its
    error, and mark it invalid when it has one; each with a leading space."""
    error = bool(form.errors.get(name))
    ids = [f"{name}-hint"] if hint else []
    if error:
        ids.append(f"{name}-error")
    described = f' aria-describedby="{escape(" ".join(ids))}"' if ids else ""
    return Markup(described + (' aria-invalid="true"' if error else ""))


def init_app(app: App) -> None:
    app.add_template_filter(search_field_error)
    app.add_template_filter(search_described)
