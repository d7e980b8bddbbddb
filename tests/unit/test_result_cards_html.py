"""The results page's cards written in Python (``web.result_cards_html``) are what the
template's loop wrote, whitespace aside: a run of whitespace where the loop had one,
none where it had none."""

from __future__ import annotations

import re
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from jinja2 import Environment
from markupsafe import Markup

from directory.models import RegistrationKind
from directory.public.search_cards import Card, Offer, Prescribing
from directory.services.finder_rows import CardClinic
from directory.web import badges, formatting
from directory.web.result_cards_html import result_cards

# The loop as it was in templates/public/results.html.
LOOP = """
      <ol class="result-list">
        {% for r in cards %}
          <li>
            <article class="card" aria-labelledby="result-{{ r.slug }}">
              <div class="card__top">
                {% if r.travel_miles %}<span class="distance distance--travels" data-comes-to-you>comes to you (up to {{ r.travel_miles }} {{ 'mile' if r.travel_miles == 1 else 'miles' }})</span>
                {% elif r.distance_miles is not none %}<span class="distance">{{ r.distance_miles|miles }}</span>{% endif %}
                {{ r|demo_tag }}
              </div>
              <h3 class="card__title" id="result-{{ r.slug }}"><a href="{{ r.url }}">{{ r.name }}</a></h3>
              <p class="card__meta">{% if r.profession %}{{ r.profession|profession_label }}{% if r.where %} · {% endif %}{% endif %}{{ r.where }}</p>
              {% if not r.checked %}<p class="card__unchecked" data-unchecked-card>Not checked: we have not checked anything this practitioner says about themselves.</p>{% endif %}
              {{ r.badges|badge_list }}
              {{ r.registrations|registration_list }}
              {% if r.prescribing %}{{ r.prescribing|prescribing_line }}{% endif %}
              {% if r.offers %}
                <ul class="offers" aria-label="Treatments and prices">
                  {% for o in r.offers %}
                    <li><span>{{ o.name }}</span>{% if o.price_from_pence is not none %}<span class="price">from {{ o.price_from_pence|gbp }}</span>{% endif %}</li>
                  {% endfor %}
                </ul>
              {% endif %}
            </article>
          </li>
        {% endfor %}
      </ol>
"""  # noqa: E501 (the loop's lines as they were)

JCCP = SimpleNamespace(short_name="JCCP", kind=SimpleNamespace(value="register"))
ODD = SimpleNamespace(short_name="S&M <UK>", kind=SimpleNamespace(value="membership"))
REGISTRATION = SimpleNamespace(
    kind=RegistrationKind.REGULATOR,
    regulator="cqc",
    issuer="CQC",
    number="1-123",
    decided_at=datetime(2026, 1, 2, 10, 0),
    public_url="https://example.org/1",
)
LICENCE = SimpleNamespace(
    kind=RegistrationKind.LICENCE,
    regulator=None,
    issuer='Leeds "City" <Council>',
    number="L-9",
    decided_at=None,
    public_url=None,
)


def _card(**kw: object) -> Card:
    values: dict[str, object] = {
        "slug": "jo-bloggs",
        "name": "Jo Bloggs",
        "profession": "nurse",
        "checked": True,
        "is_demo": False,
        "distance_miles": 2.4,
        "clinic": CardClinic(1, "Skin Clinic", "Leeds", "LS1 1AA", 53.8, -1.5),
        "badges": [SimpleNamespace(body=JCCP, verified_on=date(2026, 3, 4))],
        "offers": [Offer("Mesotherapy", 15000)],
        "url": "/practitioners/jo-bloggs?back=%2Fsearch%3Fq%3Dx&lat=53.8&from=Leeds",
    }
    values.update(kw)
    return Card(**values)  # type: ignore[arg-type]


CARDS = [
    [],
    [_card()],
    [
        _card(),
        _card(
            slug="a<b>",
            name='Dr "A" & <B>',
            profession="",
            checked=False,
            is_demo=True,
            distance_miles=None,
            clinic=None,
            badges=[],
            offers=[Offer("Filler <lips>", None), Offer("Peel & glow", 4950)],
            prescribing=Prescribing(True, date(2026, 2, 1)),
            registrations=(REGISTRATION, LICENCE),
        ),
        _card(
            profession="other",
            clinic=CardClinic(2, "", "", "", None, None),
            distance_miles=0.01,
            travel_miles=1,
            offers=[],
            prescribing=Prescribing(False, None),
            badges=[SimpleNamespace(body=ODD, verified_on=None)],
        ),
        _card(
            profession="", travel_miles=25, distance_miles=None, prescribing=Prescribing(True, None)
        ),
        _card(clinic=CardClinic(3, "Leeds Skin", "Leeds", "", None, None), distance_miles=12.0),
    ],
]


@pytest.fixture(scope="module")
def loop():
    env = Environment(autoescape=True)
    for f in (formatting.miles, formatting.gbp, formatting.profession_label):
        env.filters[f.__name__] = f
    for f in (badges.demo_tag, badges.badge_list, badges.registration_list):
        env.filters[f.__name__] = f
    env.filters["prescribing_line"] = badges.prescribing_line
    return env.from_string(LOOP)


def _spaced(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


@pytest.mark.parametrize("cards", CARDS)
def test_cards_are_what_the_loop_wrote(loop, cards):
    ours = result_cards(cards)
    assert isinstance(ours, Markup)
    assert _spaced(ours) == _spaced(loop.render(cards=cards))
