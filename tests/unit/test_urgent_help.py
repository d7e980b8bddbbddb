"""Where to get help now, written in Python (``web.urgent_help``), is exactly what its
template macro wrote."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from jinja2 import Environment
from markupsafe import Markup

from directory.web.urgent_help import urgent_help

# The macro as it was in templates/public/_urgent_help.html.
MACRO = '{# Where to get help now: shown before the concern form and on its confirmation. #}\n{% macro urgent_help(regulator=None, heading_level=3) -%}\n  <div class="urgent-help" role="region" aria-labelledby="urgent-help-title-{{ heading_level }}">\n    <h{{ heading_level }} id="urgent-help-title-{{ heading_level }}">If you need help with your health now</h{{ heading_level }}>\n    <ul>\n      <li><strong>In an emergency, call <a href="tel:999">999</a></strong>: for example sudden\n        severe pain, skin turning pale, blue or mottled after filler, changes in your sight,\n        or trouble breathing or swallowing.</li>\n      <li>For urgent advice that is not an emergency, call <a href="tel:111">NHS 111</a> or use\n        <a href="https://111.nhs.uk" rel="noopener">111.nhs.uk</a>.</li>\n      {% if regulator %}\n        <li>To raise a concern about a {{ regulator.short_name }}-registered professional with\n          their regulator, contact the <a href="{{ regulator.website }}" rel="noopener">{{ regulator.name }}</a>.</li>\n      {% endif %}\n      <li>If a medicine, filler or other product caused a reaction, report it to the\n        <a href="https://yellowcard.mhra.gov.uk" rel="noopener">MHRA Yellow Card scheme</a>.</li>\n    </ul>\n    <p>We are a directory, not a medical service: we cannot give medical advice, and we may\n      not read your message straight away.</p>\n  </div>\n{%- endmacro %}\n'  # noqa: E501

GMC = SimpleNamespace(
    short_name="GMC", website="https://www.gmc-uk.org", name="General Medical Council"
)
ODD = SimpleNamespace(short_name="A&B", website='https://x.example/?a=1&b="2"', name="<Odd> body")


@pytest.mark.parametrize("regulator", [None, GMC, ODD])
@pytest.mark.parametrize("level", [None, 2, 3])
def test_the_box_is_what_the_macro_wrote(regulator, level):
    macro = Environment(autoescape=True).from_string(MACRO).module.urgent_help
    kwargs = {} if level is None else {"heading_level": level}
    ours = urgent_help(regulator, **kwargs)
    assert isinstance(ours, Markup)
    assert ours == macro(regulator, **kwargs)
    assert urgent_help(**kwargs) == macro(**kwargs)
