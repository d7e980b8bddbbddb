"""The search form written in Python (``web.search_form_html``) is what its template
macro wrote, but for runs of whitespace, for every state the form can be in."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from markupsafe import Markup

from directory.web.search_form import SearchForm
from directory.web.search_form_html import search_form

pytestmark = pytest.mark.read_only

# The macro as it was in templates/_macros/search.html.
OLD = """{% macro search_form(form, treatments, label="Find a practitioner", bodies=none) -%}
  <form class="search-form" action="{{ url_if_exists('public.search') }}" method="get" role="search" aria-label="{{ label }}" novalidate data-search-form>
    <div class="field field--location{% if form.errors.get('location') %} field--invalid{% endif %}">
      <label for="location">Postcode or town</label>
      <span class="hint" id="location-hint">For example SW1A 1AA, LS1 or Leeds</span>
      {{ form|search_field_error("location") }}
      <input type="text" id="location" name="location" value="{{ form.location }}"
        autocomplete="postal-code" autocapitalize="characters" spellcheck="false" enterkeyhint="search"
        maxlength="100"{% if form.near_me %} placeholder="Your location"{% endif %}{{ form|search_described("location") }}>
      <input type="hidden" name="lat" value="{{ form.lat }}" data-geo-lat>
      <input type="hidden" name="lon" value="{{ form.lon }}" data-geo-lon>
      <div class="geo" data-geo hidden>
        <button type="button" class="button button--link" data-geo-button>Use my location</button>
        <span class="geo-status" data-geo-status role="status">{% if form.near_me %}Searching near your location.{% endif %}</span>
      </div>
    </div>
    <div class="field field--treatment{% if form.errors.get('treatment') %} field--invalid{% endif %}">
      <label for="treatment">Treatment</label>
      <span class="hint" id="treatment-hint">Choose one, or leave as any treatment</span>
      {{ form|search_field_error("treatment") }}
      <select id="treatment" name="treatment"{{ form|search_described("treatment") }}>
        <option value="">Any treatment</option>
        {{ treatment_options(treatments, form.treatment) }}
      </select>
    </div>
    <div class="field field--radius{% if form.errors.get('radius') %} field--invalid{% endif %}">
      <label for="radius">Within</label>
      <span class="hint" id="radius-hint">Distance in miles</span>
      {{ form|search_field_error("radius") }}
      <select id="radius" name="radius"{{ form|search_described("radius") }}>
        {% set selected = form.radius_selected %}{% for miles in form.radius_choices %}
          <option value="{{ miles }}"{% if miles == selected %} selected{% endif %}>{{ miles }} {{ "mile" if miles == 1 else "miles" }}</option>
        {% endfor %}
      </select>
    </div>
    <div class="field field--q{% if form.errors.get('q') %} field--invalid{% endif %}">
      <label for="q">Keyword <span class="hint hint--inline">(optional)</span></label>
      <span class="hint" id="q-hint">A word like botox, hair loss, glow or a name</span>
      {{ form|search_field_error("q") }}
      <input type="search" id="q" name="q" value="{{ form.q }}" maxlength="100" enterkeyhint="search"{{ form|search_described("q") }}>
    </div>
    <div class="field field--narrow{% if form.errors.get('max_price') %} field--invalid{% endif %}">
      <label for="max_price">Most you would pay (£) <span class="hint hint--inline">(optional)</span></label>
      <span class="hint" id="max_price-hint">For the treatment chosen, like 200</span>
      {{ form|search_field_error("max_price") }}
      <input type="text" id="max_price" name="max_price" value="{{ form.max_price }}" inputmode="decimal" maxlength="12"{{ form|search_described("max_price") }}>
    </div>
    <fieldset class="field field--switches">
      <legend>The clinic <span class="hint hint--inline">(optional)</span></legend>
      {% for key, label in [("registered", "Registered clinic (checked by us)"), ("step_free", "Step-free access"), ("weekends", "Open at weekends")] %}
        {{ form|search_field_error(key) }}
        <div class="checkbox"><input type="checkbox" id="{{ key }}" name="{{ key }}" value="1"{% if form.switched_on(key) %} checked{% endif %}{{ form|search_described(key, hint=false) }}> <label for="{{ key }}">{{ label }}</label></div>
      {% endfor %}
      {{ form|search_field_error("mobile") }}
      <div class="checkbox"><input type="checkbox" id="mobile" name="mobile" value="1"{% if form.switched_on("mobile") %} checked{% endif %}{{ form|search_described("mobile", hint=false) }}> <label for="mobile">Comes to you (home visits)</label></div>
    </fieldset>
    {% if bodies %}
      <details class="field field--bodies"{% if form.bodies %} open{% endif %}>
        <summary>Credential checked <span class="hint hint--inline">(any of, optional)</span></summary>
        {{ form|search_field_error("accreditation") }}
        <div class="checkbox-columns">
          {{ body_checkboxes(bodies, form.bodies) }}
        </div>
      </details>
    {% else %}
      {% for slug in form.bodies %}<input type="hidden" name="accreditation" value="{{ slug }}">{% endfor %}
    {% endif %}
    {% if form.profession %}<input type="hidden" name="profession" value="{{ form.profession }}">{% endif %}
    {% if form.language %}<input type="hidden" name="language" value="{{ form.language }}">{% endif %}
    {% if form.sort %}<input type="hidden" name="sort" value="{{ form.sort }}">{% endif %}
    <div class="search-form__actions">
      <button class="button" type="submit">Search</button>
    </div>
  </form>
{%- endmacro %}"""  # noqa: E501 (the macro's lines as they were)

TREATMENTS = [
    SimpleNamespace(slug="mesotherapy", name="Mesotherapy (face)", category="mesotherapy"),
    SimpleNamespace(slug="botox", name="Anti-wrinkle <injections> & more", category="injectables"),
    SimpleNamespace(slug="laser", name="Laser", category="lasers"),
]
BODIES = [
    SimpleNamespace(slug="gmc", short_name="GMC"),
    SimpleNamespace(slug="nmc", short_name="NMC & co"),
    SimpleNamespace(slug='odd"body', short_name="<Odd>"),
]
ODD = '"><script>alert(1)</script>&amp;'
FORMS = [
    {},
    {"location": "Leeds", "treatment": "botox", "radius": "25", "q": "glow", "max_price": "200"},
    {"location": ODD, "q": ODD, "max_price": ODD, "treatment": ODD, "lat": ODD, "lon": ODD},
    {"lat": "51.5", "lon": "-0.12"},
    {"lat": "51.5", "lon": "-0.12", "location": "Leeds"},
    {"radius": "2.5"},
    {"radius": "7"},
    {"radius": "abc"},
    {"radius": "1"},
    {"radius": "500"},
    {"registered": "1", "step_free": "yes", "weekends": "on", "mobile": "true"},
    {"weekends": "maybe", "mobile": "0"},
    {"accreditation": "gmc"},
    {"accreditation": "nmc,gmc,nosuch," + ODD},
    {"profession": "nurse", "language": "Polish", "sort": "price"},
    {"profession": ODD, "language": ODD, "sort": ODD},
]
ERRORS = [
    {},
    {"location": "Enter a postcode or town."},
    {"radius": 'Choose a distance "in miles" <like> 10 & more.'},
    {"max_price": "Enter an amount like 200."},
    {"treatment": "Choose a treatment from the list."},
    {"q": "Shorter, please."},
    {"weekends": "Say weekends=1 or leave it out.", "mobile": "No.", "accreditation": "No."},
    {"registered": "x", "step_free": "y", "location": "z", "q": ""},
]


def _spaced(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


@pytest.mark.parametrize("errors", ERRORS)
@pytest.mark.parametrize("values", FORMS)
def test_the_form_is_what_the_macro_wrote(app, values, errors):
    old = app.jinja_env.from_string(OLD).module.search_form  # type: ignore[attr-defined]
    with app.test_request_context("/"):
        for kwargs in ({}, {"label": "Change <your> search"}, {"bodies": BODIES}, {"bodies": []}):
            form = SearchForm(**values, errors=dict(errors))
            ours = search_form(form, TREATMENTS, **kwargs)
            assert isinstance(ours, Markup)
            assert _spaced(ours) == _spaced(str(old(form, TREATMENTS, **kwargs)))
