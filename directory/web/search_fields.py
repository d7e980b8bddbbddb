"""The search form's error line and ``aria-describedby`` for each field, as template
filters written in Python (``{{ form|search_field_error("q") }}``) rather than macros:
the form has eighteen of them, and calling a Jinja macro costs several times what the
few lines of HTML take to write (half of the whole form's rendering). The output is
byte for byte what the macros wrote (``tests/unit/test_search_fields.py`` renders
both).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cache
from operator import attrgetter
from typing import Any

from flask import current_app
from flask.sansio.app import App
from markupsafe import Markup, escape

from directory.web.search_form import SearchForm

TEMPLATE = "_macros/search.html"
EXTENSION_KEY = "web.search_form_lists"


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


def _written(macro: str, items: Sequence[Any], fields: tuple[str, ...]) -> str:
    """``macro`` of the form's template called with ``items``, kept per process while the
    template and every item's ``fields`` stay the same (the taxonomy changes a few times
    a year; the form is on every search page and was a quarter of its rendering)."""
    template = current_app.jinja_env.get_template(TEMPLATE)
    key = (template, tuple(map(_getter(fields), items)))
    kept: dict[str, tuple[Any, str]] = current_app.extensions.setdefault(EXTENSION_KEY, {})
    found = kept.get(macro)
    if found is None or found[0] != key:
        found = kept[macro] = (key, str(getattr(template.module, macro)(items)))
    return found[1]


@cache
def _getter(fields: tuple[str, ...]) -> Callable[[Any], Any]:
    return attrgetter(*fields)


def treatment_options(treatments: Sequence[Any], selected: str | None) -> Markup:
    """The treatment select's option groups, with the treatment whose slug is
    ``selected`` (if any) marked selected."""
    html = _written("treatment_option_list", treatments, ("slug", "name", "category"))
    if selected:
        tag = f'<option value="{escape(selected)}"'
        html = html.replace(tag + ">", tag + " selected>")
    return Markup(html)


def body_checkboxes(bodies: Sequence[Any], chosen: Iterable[str]) -> Markup:
    """A checkbox per accreditation body, those whose slug is in ``chosen`` checked."""
    html = _written("body_checkbox_list", bodies, ("slug", "short_name"))
    for slug in dict.fromkeys(chosen):
        tag = f'name="accreditation" value="{escape(slug)}"'
        html = html.replace(tag + ">", tag + " checked>")
    return Markup(html)


def init_app(app: App) -> None:
    app.add_template_filter(search_field_error)
    app.add_template_filter(search_described)
    app.add_template_global(treatment_options)
    app.add_template_global(body_checkboxes)
