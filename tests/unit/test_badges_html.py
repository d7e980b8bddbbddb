"""The badge lists, clinic registrations, prescribing line and demo tag written in
Python (``web.badges``) are exactly what their template macros wrote."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from jinja2 import Environment
from markupsafe import Markup

from directory.models import RegistrationKind
from directory.web import badges
from directory.web.formatting import badge_label, uk_date

# The macros as they were in templates/_macros/badges.html.
MACROS = """
{% macro badge_list(items, empty_text="No credentials checked by us yet") -%}
  {#- One macro per list, none per badge: a results page renders dozens. -#}
  <ul class="badges" aria-label="Credentials we have checked">
    {% for item in items %}<li class="badge badge--verified">
    <span aria-hidden="true">✓</span>
    <span><strong>{{ item.body|badge_label }}</strong>{% if item.verified_on %} · checked {{ item.verified_on|uk_date }}{% endif %}</span>
  </li>{% else %}
      <li class="badge badge--none">{{ empty_text }}</li>
    {% endfor %}
  </ul>
{%- endmacro %}

{% macro demo_tag(practitioner) -%}
  {% if practitioner.is_demo %}<span class="tag tag--demo">Demo listing</span>{% endif %}
{%- endmacro %}

{% macro prescribing_line(p) -%}
  {% if p.prescriber %}
    <p class="prescribing prescribing--yes" data-prescriber>Prescriber{% if p.checked_on %} (checked on {{ p.checked_on|uk_date }}){% endif %}</p>
  {% else %}
    <p class="prescribing prescribing--no" data-prescriber="no">Not a prescriber: a prescriber must assess you in person before this treatment</p>
  {% endif %}
{%- endmacro %}

{% macro registration_list(items, links=false) -%}
  {#- A clinic's registrations we checked and that are current: facts about the premises,
      shown apart from the practitioner's own credentials. ``links`` adds the regulator's
      page for the number (off for demo listings, whose numbers are made up). -#}
  {% if items %}
  <ul class="registrations" aria-label="Clinic registrations we have checked">
    {% for r in items %}<li class="registration" data-registration="{{ r.regulator or 'licence' }}">
      <span aria-hidden="true">✓</span>
      <span>{% if r.kind.value == "regulator" %}<strong>{{ r.issuer }} registered</strong>{% else %}<strong>Licensed</strong> by {{ r.issuer }}{% endif %}{% if r.decided_at %} · checked on {{ r.decided_at|uk_date }}{% endif %}{% if links and r.public_url %} · <a href="{{ r.public_url }}" rel="noopener">{{ r.issuer }} page<span class="visually-hidden"> for registration {{ r.number }}</span></a>{% endif %}</span>
    </li>{% endfor %}
  </ul>
  {% endif %}
{%- endmacro %}
"""  # noqa: E501 (the macros' lines as they were)


@dataclass
class Registration:
    kind: RegistrationKind
    regulator: str | None
    issuer: str
    number: str
    decided_at: datetime | None
    public_url: str | None


JCCP = SimpleNamespace(short_name="JCCP", kind=SimpleNamespace(value="register"))
SMUK = SimpleNamespace(short_name="S&M <UK>", kind=SimpleNamespace(value="membership"))
BADGES = [
    [],
    [SimpleNamespace(body=JCCP, verified_on=date(2026, 3, 4))],
    [SimpleNamespace(body=JCCP, verified_on=None), SimpleNamespace(body=SMUK, verified_on=None)],
]
REGISTRATIONS = [
    (),
    (
        Registration(
            RegistrationKind.REGULATOR,
            "cqc",
            "CQC",
            "1-123",
            datetime(2026, 1, 2, 10, 0),
            "https://example.org/1-123?a=1&b=2",
        ),
    ),
    (
        Registration(RegistrationKind.REGULATOR, "hiw", "HIW", "H<1>", None, None),
        Registration(
            RegistrationKind.LICENCE, None, 'Leeds "City" Council', "L-9", None, "https://x.org"
        ),
    ),
]


@pytest.fixture(scope="module")
def macros():
    env = Environment(autoescape=True)
    env.filters.update(badge_label=badge_label, uk_date=uk_date)
    return env.from_string(MACROS).module


def _same(ours: Markup, theirs: object) -> None:
    assert isinstance(ours, Markup)
    assert str(ours) == str(theirs)


@pytest.mark.parametrize("items", BADGES)
def test_badge_lists(macros, items):
    _same(badges.badge_list(items), macros.badge_list(items))
    _same(badges.badge_list(items, "None <yet>"), macros.badge_list(items, "None <yet>"))


@pytest.mark.parametrize("items", REGISTRATIONS)
def test_registration_lists(macros, items):
    for links in (False, True):
        _same(badges.registration_list(items, links=links), macros.registration_list(items, links))


@pytest.mark.parametrize(
    "line",
    [
        SimpleNamespace(prescriber=False, checked_on=None),
        SimpleNamespace(prescriber=True, checked_on=None),
        SimpleNamespace(prescriber=True, checked_on=date(2025, 12, 1)),
    ],
)
def test_prescribing_lines(macros, line):
    _same(badges.prescribing_line(line), macros.prescribing_line(line))


@pytest.mark.parametrize("is_demo", [True, False])
def test_demo_tags(macros, is_demo):
    listing = SimpleNamespace(is_demo=is_demo)
    _same(badges.demo_tag(listing), macros.demo_tag(listing))
