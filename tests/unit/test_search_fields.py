"""The search form's error lines and described-by attributes, written in Python
(``web.search_fields``), are exactly what its template macros wrote."""

from __future__ import annotations

import pytest
from jinja2 import Environment
from markupsafe import Markup

from directory.web.search_fields import search_described, search_field_error
from directory.web.search_form import SearchForm

# The macros as they were in templates/_macros/search.html.
MACROS = """
{% macro field_error(form, name) -%}
  {% if form.errors.get(name) %}
    <span class="field-error" id="{{ name }}-error"><span class="visually-hidden">Error: </span>{{ form.errors[name] }}</span>
  {% endif %}
{%- endmacro %}

{% macro described(form, name, hint=true) -%}
  {%- set ids = [] -%}
  {%- if hint %}{% set _ = ids.append(name ~ "-hint") %}{% endif -%}
  {%- if form.errors.get(name) %}{% set _ = ids.append(name ~ "-error") %}{% endif -%}
  {% if ids %} aria-describedby="{{ ids|join(' ') }}"{% endif %}{% if form.errors.get(name) %} aria-invalid="true"{% endif %}
{%- endmacro %}
"""  # noqa: E501 (the macros' lines as they were)
ERRORS = [
    {},
    {"location": "Enter a postcode or town."},
    {"radius": 'Choose a distance "in miles" <like> 10 & more.'},
    {"weekends": "Say weekends=1 or leave it out.", "q": ""},
]
NAMES = ["location", "radius", "q", "weekends", "accreditation"]


@pytest.fixture(scope="module")
def macros():
    return Environment(autoescape=True).from_string(MACROS).module


@pytest.mark.parametrize("errors", ERRORS)
@pytest.mark.parametrize("name", NAMES)
def test_the_python_helpers_write_what_the_macros_wrote(macros, errors, name):
    form = SearchForm(errors=dict(errors))
    error = search_field_error(form, name)
    assert isinstance(error, Markup)
    assert error == macros.field_error(form, name)
    for hint in (True, False):
        described = search_described(form, name, hint=hint)
        assert isinstance(described, Markup)
        assert described == macros.described(form, name, hint=hint)
