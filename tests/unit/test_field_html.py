"""The public forms' fields written in Python (``web.field_html``) are exactly what
their template macros wrote."""

from __future__ import annotations

import pytest
from jinja2 import Environment
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import EmailField, Form, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from directory.web.field_html import field_error, text_field

# The macros as they were in templates/_macros/fields.html.
MACROS = '{# WTForms fields with a label, an optional hint and the first error, all linked by\n   aria-describedby; ids are "concern-<name>" so an error summary can link to them. #}\n\n{% macro field_error(field) -%}\n  {% if field.errors %}<span class="field-error" id="concern-{{ field.name }}-error"><span class="visually-hidden">Error: </span>{{ field.errors[0] }}</span>{% endif %}\n{%- endmacro %}\n\n{% macro text_field(field, hint="") -%}\n  {% set fid = "concern-" ~ field.name %}\n  {% set described = ([fid ~ "-hint"] if hint else []) + ([fid ~ "-error"] if field.errors else []) %}\n  <div class="field{% if field.errors %} field--invalid{% endif %}">\n    <label for="{{ fid }}">{{ field.label.text }}</label>\n    {% if hint %}<span class="hint" id="{{ fid }}-hint">{{ hint }}</span>{% endif %}\n    {{ field_error(field) }}\n    {% set attrs = {"id": fid} %}\n    {% if described %}{% set _ = attrs.update({"aria-describedby": described|join(" ")}) %}{% endif %}\n    {% if field.errors %}{% set _ = attrs.update({"aria-invalid": "true"}) %}{% endif %}\n    {% set _ = attrs.update(kwargs) %}\n    {{ field(**attrs) }}\n  </div>\n{%- endmacro %}\n'  # noqa: E501


class Sample(Form):
    name = StringField("Your <name>", validators=[DataRequired("Say who & why.")])
    email = EmailField("Email", validators=[Length(max=5, message='Too "long".')])
    details = TextAreaField("Tell us", validators=[DataRequired()])
    clinic = SelectField(
        "Clinic", choices=[SelectChoice("", "Any"), SelectChoice("1", "The <Clinic>")]
    )


@pytest.fixture(scope="module")
def macros():
    return Environment(autoescape=True).from_string(MACROS).module


FORMDATA = [
    None,
    MultiDict({"name": "", "email": "someone@example.org", "details": "x", "clinic": "1"}),
    MultiDict({"name": 'A "B" <C>', "email": "a@b", "details": "line\nline", "clinic": "9"}),
]


@pytest.mark.parametrize("formdata", FORMDATA)
@pytest.mark.parametrize("hint", ["", 'A hint <with> & "quotes"'])
@pytest.mark.parametrize("attrs", [{}, {"autocomplete": "email"}, {"id": "own", "rows": 3}])
def test_fields_are_what_the_macros_wrote(macros, formdata, hint, attrs):
    form = Sample(formdata=formdata)
    if formdata is not None:
        form.validate()
    for field in form:
        ours = text_field(field, hint, **attrs)
        assert isinstance(ours, Markup)
        assert ours == macros.text_field(field, hint, **attrs)
        assert field_error(field) == macros.field_error(field)
