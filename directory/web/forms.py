"""The base of every form on the site: shape only (formats and lengths); the rules live in
``directory.services``.

Every text field of a ``Form`` is cleaned by ``web.text.clean_text`` before any validator
or the database sees it (so lengths count what will be stored); passwords are kept
exactly as typed. Inputs and text areas render through ``web.widgets`` (same HTML,
less CPU) unless a field names its own widget.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, StringField, TextAreaField

from directory.web.text import clean_text
from directory.web.widgets import faster


def _line(value: Any) -> Any:
    return clean_text(value)


def _block(value: Any) -> Any:
    return clean_text(value, block=True)


class Form(FlaskForm):
    """A ``FlaskForm`` whose text fields clean what was typed, before their own filters."""

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                clean = _block if issubclass(field_class, TextAreaField) else _line
                options["filters"] = [clean, *unbound_field.kwargs.get("filters", ())]
            _quicker(unbound_field, "widget", getattr(field_class, "widget", None), options)
            if issubclass(field_class, RadioField):
                _quicker(unbound_field, "option_widget", field_class.option_widget, options)
            return unbound_field.bind(form=form, **options)


def _quicker(unbound_field: Any, name: str, default: Any, options: dict[str, Any]) -> None:
    if name not in unbound_field.kwargs and (widget := faster(default)) is not None:
        options[name] = widget
