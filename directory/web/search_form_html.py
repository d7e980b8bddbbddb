"""The search form shared by home, results and every treatment guide, as a template
global written in Python (``{{ search_form(form, treatments, label="...") }}``).

It is a plain GET form that works without JavaScript; ``site.js`` only adds "Use my
location". As a Jinja macro it was a tenth of a results page's rendering: some sixty
``{{ }}`` and ``{% if %}`` for a form that is mostly fixed text. Its pieces (each
field's error line and ``aria-describedby``, the treatment options, the credential
checkboxes) come from ``web.search_fields``. The HTML is what the macro wrote, but for
runs of whitespace (``tests/integration/public/test_search_form_html.py`` renders both).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask.sansio.app import App
from markupsafe import Markup, escape

from directory.web.formatting import url_if_exists
from directory.web.search_fields import (
    body_checkboxes,
    described_html,
    field_error_html,
    treatment_options,
)
from directory.web.search_form import SearchForm

SWITCHES = (
    ("registered", "Registered clinic (checked by us)"),
    ("step_free", "Step-free access"),
    ("weekends", "Open at weekends"),
    ("mobile", "Comes to you (home visits)"),
)
HIDDEN = ("profession", "language", "sort")  # kept from a link; the form has no field


def _value(text: str) -> str:
    """A typed value escaped; most are empty."""
    return escape(text) if text else ""


def _field(form: SearchForm, name: str, css: str, label: str, hint: str, control: str) -> str:
    """A field's ``div`` with its label, hint (id ``<name>-hint``), error and control."""
    invalid = " field--invalid" if form.errors.get(name) else ""
    return (
        f'\n    <div class="field {css}{invalid}">\n'
        f'      <label for="{name}">{label}</label>\n'
        f'      <span class="hint" id="{name}-hint">{hint}</span>\n'
        f"      {field_error_html(form, name)}\n"
        f"      {control}\n"
        "    </div>"
    )


def _location(form: SearchForm) -> str:
    near_me = form.near_me
    placeholder = ' placeholder="Your location"' if near_me else ""
    return (
        f'<input type="text" id="location" name="location" value="{_value(form.location)}"\n'
        '        autocomplete="postal-code" autocapitalize="characters" spellcheck="false"'
        ' enterkeyhint="search"\n'
        f'        maxlength="100"{placeholder}'
        f"{described_html(form, 'location')}>\n"
        f'      <input type="hidden" name="lat" value="{_value(form.lat)}" data-geo-lat>\n'
        f'      <input type="hidden" name="lon" value="{_value(form.lon)}" data-geo-lon>\n'
        '      <div class="geo" data-geo hidden>\n'
        '        <button type="button" class="button button--link" data-geo-button>'
        "Use my location</button>\n"
        '        <span class="geo-status" data-geo-status role="status">'
        f"{'Searching near your location.' if near_me else ''}</span>\n"
        "      </div>"
    )


def _radius(form: SearchForm) -> str:
    selected = form.radius_selected
    options = "".join(
        f'\n          <option value="{miles}"{" selected" if miles == selected else ""}>'
        f"{miles} {'mile' if miles == 1 else 'miles'}</option>"
        for miles in form.radius_choices
    )
    described = described_html(form, "radius")
    return f'<select id="radius" name="radius"{described}>{options}\n      </select>'


def _switches(form: SearchForm) -> str:
    boxes = "".join(
        f"\n        {field_error_html(form, key)}\n"
        f'        <div class="checkbox"><input type="checkbox" id="{key}" name="{key}" value="1"'
        f"{' checked' if form.switched_on(key) else ''}{described_html(form, key, hint=False)}>"
        f' <label for="{key}">{label}</label></div>'
        for key, label in SWITCHES
    )
    return (
        '\n    <fieldset class="field field--switches">\n'
        '      <legend>The clinic <span class="hint hint--inline">(optional)</span></legend>'
        f"{boxes}\n    </fieldset>"
    )


def _bodies(form: SearchForm, bodies: Sequence[Any] | None) -> str:
    """The credential checkboxes, or (on a page without them) the chosen ones kept."""
    chosen = form.bodies
    if not bodies:
        return "\n      " + "".join(
            f'<input type="hidden" name="accreditation" value="{escape(slug)}">' for slug in chosen
        )
    return (
        f'\n      <details class="field field--bodies"{" open" if chosen else ""}>\n'
        '        <summary>Credential checked <span class="hint hint--inline">'
        "(any of, optional)</span></summary>\n"
        f"        {field_error_html(form, 'accreditation')}\n"
        '        <div class="checkbox-columns">\n'
        f"          {body_checkboxes(bodies, chosen)}\n"
        "        </div>\n"
        "      </details>"
    )


def search_form(
    form: SearchForm,
    treatments: Sequence[Any],
    label: str = "Find a practitioner",
    bodies: Sequence[Any] | None = None,
) -> Markup:
    """The form filled in from ``form``, its treatment select listing ``treatments``,
    named ``label`` for screen readers; the credential checkboxes only given ``bodies``."""
    treatment = (
        f'<select id="treatment" name="treatment"{described_html(form, "treatment")}>\n'
        '        <option value="">Any treatment</option>\n'
        f"        {treatment_options(treatments, form.treatment)}\n"
        "      </select>"
    )
    q = (
        f'<input type="search" id="q" name="q" value="{_value(form.q)}" maxlength="100"'
        f' enterkeyhint="search"{described_html(form, "q")}>'
    )
    max_price = (
        f'<input type="text" id="max_price" name="max_price" value="{_value(form.max_price)}"'
        f' inputmode="decimal" maxlength="12"{described_html(form, "max_price")}>'
    )
    optional = ' <span class="hint hint--inline">(optional)</span>'
    hidden = "".join(
        f'\n    <input type="hidden" name="{name}" value="{_value(value)}">'
        for name in HIDDEN
        if (value := getattr(form, name))
    )
    return Markup(
        f'<form class="search-form" action="{escape(url_if_exists("public.search"))}"'
        f' method="get" role="search" aria-label="{escape(label)}" novalidate data-search-form>'
        + _field(
            form,
            "location",
            "field--location",
            "Postcode or town",
            "For example SW1A 1AA, LS1 or Leeds",
            _location(form),
        )
        + _field(
            form,
            "treatment",
            "field--treatment",
            "Treatment",
            "Choose one, or leave as any treatment",
            treatment,
        )
        + _field(form, "radius", "field--radius", "Within", "Distance in miles", _radius(form))
        + _field(
            form,
            "q",
            "field--q",
            f"Keyword{optional}",
            "A word like botox, hair loss, glow or a name",
            q,
        )
        + _field(
            form,
            "max_price",
            "field--narrow",
            f"Most you would pay (£){optional}",
            "For the treatment chosen, like 200",
            max_price,
        )
        + _switches(form)
        + _bodies(form, bodies)
        + hidden
        + '\n    <div class="search-form__actions">\n'
        '      <button class="button" type="submit">Search</button>\n'
        "    </div>\n"
        "  </form>"
    )


def init_app(app: App) -> None:
    app.add_template_global(search_form)
