"""The search form's pieces, written in Python for ``web.search_form_html`` (and usable
in a template): each field's error line and ``aria-describedby`` (eighteen of them; as
macros they were half of the form's rendering), and the treatment options and credential
checkboxes, written once per process and marked per request. The output is byte for
byte what the macros wrote (``tests/unit/test_search_fields.py`` and
``tests/integration/public/test_search_form_lists.py`` render both).
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

EXTENSION_KEY = "web.search_form_lists"
CATEGORY_LABELS = {
    "mesotherapy": "Mesotherapy",
    "injectables": "Injectables",
    "skin": "Skin treatments",
    "devices": "Device treatments",
}


def search_field_error(form: SearchForm, name: str) -> Markup:
    """The error shown above the field ``name`` (its id ``<name>-error``), or nothing."""
    return Markup(field_error_html(form, name))


def field_error_html(form: SearchForm, name: str) -> str:
    """``search_field_error`` as a plain string (nothing for a field with no error, as
    nearly all are), for code that writes the form itself."""
    error = form.errors.get(name)
    if not error:
        return ""
    return (
        f'\n    <span class="field-error" id="{escape(name)}-error">'
        f'<span class="visually-hidden">Error: </span>{escape(error)}</span>\n  '
    )


def search_described(form: SearchForm, name: str, hint: bool = True) -> Markup:
    """The attributes that tie the field ``name`` to its hint (``<name>-hint``) and its
    error, and mark it invalid when it has one; each with a leading space."""
    return Markup(described_html(form, name, hint))


def described_html(form: SearchForm, name: str, hint: bool = True) -> str:
    """``search_described`` as a plain string, for code that writes the form itself."""
    if not form.errors.get(name):
        return f' aria-describedby="{escape(name)}-hint"' if hint else ""
    ids = [f"{name}-hint"] if hint else []
    ids.append(f"{name}-error")
    return f' aria-describedby="{escape(" ".join(ids))}" aria-invalid="true"'


def _written(
    write: Callable[[Sequence[Any]], str], items: Sequence[Any], fields: tuple[str, ...]
) -> str:
    """``write(items)``, kept per process while every item's ``fields`` stay the same (the
    taxonomy changes a few times a year; the form is on every search page and its lists
    were a quarter of its rendering)."""
    key = tuple(map(_getter(fields), items))
    kept: dict[str, tuple[Any, str]] = current_app.extensions.setdefault(EXTENSION_KEY, {})
    found = kept.get(write.__name__)
    if found is None or found[0] != key:
        found = kept[write.__name__] = (key, write(items))
    return found[1]


@cache
def _getter(fields: tuple[str, ...]) -> Callable[[Any], Any]:
    return attrgetter(*fields)


def _option_list(treatments: Sequence[Any]) -> str:
    """An option group per category (in the order of their keys, as Jinja's ``groupby``
    sorts them), none selected."""
    groups: dict[str, list[Any]] = {}
    for t in sorted(treatments, key=attrgetter("category")):
        groups.setdefault(t.category, []).append(t)
    return "".join(
        f'\n          <optgroup label="{escape(category_label(category))}">\n            '
        + "".join(
            f'\n              <option value="{escape(t.slug)}">{escape(t.name)}</option>'
            "\n            "
            for t in items
        )
        + "\n          </optgroup>\n        "
        for category, items in groups.items()
    )


def _checkbox_list(bodies: Sequence[Any]) -> str:
    """A checkbox per body, none checked."""
    return "".join(
        f'\n            <div class="checkbox"><input type="checkbox" id="body-{escape(b.slug)}"'
        f' name="accreditation" value="{escape(b.slug)}">'
        f' <label for="body-{escape(b.slug)}">{escape(b.short_name)}</label></div>\n          '
        for b in bodies
    )


def category_label(category: str) -> str:
    """A treatment category's heading: its name in ``CATEGORY_LABELS``, else capitalised."""
    return CATEGORY_LABELS.get(category, str(category).capitalize())


def treatment_options(treatments: Sequence[Any], selected: str | None) -> Markup:
    """The treatment select's option groups, with the treatment whose slug is
    ``selected`` (if any) marked selected."""
    html = _written(_option_list, treatments, ("slug", "name", "category"))
    if selected:
        tag = f'<option value="{escape(selected)}"'
        html = html.replace(tag + ">", tag + " selected>")
    return Markup(html)


def body_checkboxes(bodies: Sequence[Any], chosen: Iterable[str]) -> Markup:
    """A checkbox per accreditation body, those whose slug is in ``chosen`` checked."""
    html = _written(_checkbox_list, bodies, ("slug", "short_name"))
    for slug in dict.fromkeys(chosen):
        tag = f'name="accreditation" value="{escape(slug)}"'
        html = html.replace(tag + ">", tag + " checked>")
    return Markup(html)


def init_app(app: App) -> None:
    app.add_template_filter(search_field_error)
    app.add_template_filter(search_described)
    app.add_template_global(treatment_options)
    app.add_template_global(body_checkboxes)
    app.add_template_global(category_label)
