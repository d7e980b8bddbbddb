"""The search form's treatment options and credential checkboxes, kept per process and
marked per request (``web.search_fields``), are what the form's loops wrote."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from directory.web.search_fields import body_checkboxes, treatment_options

pytestmark = pytest.mark.read_only

# The loops as they were in templates/_macros/search.html.
OLD_OPTIONS = """{% set CATEGORY_LABELS = {
  "mesotherapy": "Mesotherapy",
  "injectables": "Injectables",
  "skin": "Skin treatments",
  "devices": "Device treatments",
} %}{% for category, items in treatments|groupby("category") %}
          <optgroup label="{{ CATEGORY_LABELS.get(category, category|capitalize) }}">
            {% for t in items %}
              <option value="{{ t.slug }}"{% if t.slug == selected %} selected{% endif %}>{{ t.name }}</option>
            {% endfor %}
          </optgroup>
        {% endfor %}"""  # noqa: E501 (the template's line as it was)
OLD_CHECKBOXES = """{% for b in bodies %}
            <div class="checkbox"><input type="checkbox" id="body-{{ b.slug }}" name="accreditation" value="{{ b.slug }}"{% if b.slug in chosen %} checked{% endif %}> <label for="body-{{ b.slug }}">{{ b.short_name }}</label></div>
          {% endfor %}"""  # noqa: E501


def _treatment(slug: str, name: str, category: str) -> SimpleNamespace:
    return SimpleNamespace(slug=slug, name=name, category=category)


TREATMENTS = [
    _treatment("mesotherapy", "Mesotherapy (face)", "mesotherapy"),
    _treatment("botox", "Anti-wrinkle <injections> & more", "injectables"),
    _treatment("laser", "Laser", "lasers"),
    _treatment('odd"slug', "Odd", "skin"),
]
BODIES = [
    SimpleNamespace(slug="gmc", short_name="GMC"),
    SimpleNamespace(slug="nmc", short_name="NMC & co"),
    SimpleNamespace(slug='odd"body', short_name="<Odd>"),
]


@pytest.mark.parametrize(
    "selected", [None, "", "mesotherapy", "botox", 'odd"slug', "nosuch", "laser", "meso"]
)
def test_treatment_options_are_what_the_loop_wrote(app, selected):
    old = app.jinja_env.from_string(OLD_OPTIONS)
    with app.test_request_context("/"):
        for treatments in (TREATMENTS, TREATMENTS[:2], TREATMENTS):  # kept, then changed
            expected = old.render(treatments=treatments, selected=selected)
            assert treatment_options(treatments, selected) == expected
        renamed = [_treatment("botox", "Renamed", "injectables")]
        assert "Renamed" in treatment_options(renamed, selected)


@pytest.mark.parametrize(
    "chosen", [[], ["gmc"], ["nmc", "gmc", "nmc"], ['odd"body'], ["nosuch", "gm"], ["gmc,nmc"]]
)
def test_body_checkboxes_are_what_the_loop_wrote(app, chosen):
    old = app.jinja_env.from_string(OLD_CHECKBOXES)
    with app.test_request_context("/"):
        for bodies in (BODIES, BODIES[1:], BODIES):
            assert body_checkboxes(bodies, chosen) == old.render(bodies=bodies, chosen=chosen)
