"""The results page's list of cards (``search_cards.Card``), as a template global
written in Python (``{{ result_cards(page.cards) }}``).

As a Jinja loop, the twenty cards of a page were near a tenth of a search request's
CPU: some thirty ``{{ }}`` expressions and filter calls per card, each escaped and
wrapped in ``Markup`` on its own. Here each card is one f-string with its own data
escaped once; the parts most cards share (a treatment and its price, a distance, a
profession) are kept per process as ``badges._badge_item`` keeps badges; the badges,
registrations, prescribing line and demo tag come from the filters the template used
(``web.badges``). The HTML is the loop's, whitespace aside (a run of whitespace where
the loop had one, none where it had none): ``tests/unit/test_result_cards_html.py``
renders both."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from flask.sansio.app import App
from markupsafe import Markup, escape

from directory.web.badges import badge_list, demo_tag, prescribing_line, registration_list
from directory.web.formatting import comes_to_you, gbp, miles, profession_label

UNCHECKED = (
    '<p class="card__unchecked" data-unchecked-card>Not checked: we have not checked '
    "anything this practitioner says about themselves.</p>"
)


def result_cards(cards: Iterable[Any]) -> Markup:
    """The ``ol.result-list`` of ``cards``, one ``article.card`` in each item."""
    parts = ['<ol class="result-list">']
    parts.extend(_card(c) for c in cards)
    parts.append("\n</ol>")
    return Markup("".join(parts))


def _card(r: Any) -> str:
    slug = escape(r.slug)
    if r.travel_miles:
        top = _comes_to_you(r.travel_miles)
    elif r.distance_miles is not None:
        top = _distance(miles(r.distance_miles))
    else:
        top = ""
    where = r.where
    meta = f"{_profession(r.profession)}{' · ' if where else ''}" if r.profession else ""
    return (
        f'\n<li>\n<article class="card" aria-labelledby="result-{slug}">'
        f'\n<div class="card__top">\n{top}\n{demo_tag(r)}\n</div>'
        f'\n<h3 class="card__title" id="result-{slug}">'
        f'<a href="{escape(r.url)}">{escape(r.name)}</a></h3>'
        f'\n<p class="card__meta">{meta}{escape(where)}</p>'
        f"\n{'' if r.checked else UNCHECKED}"
        f"\n{badge_list(r.badges)}"
        f"\n{registration_list(r.registrations) if r.registrations else ''}"
        f"\n{prescribing_line(r.prescribing) if r.prescribing else ''}"
        f"\n{_offers(r.offers) if r.offers else ''}"
        "\n</article>\n</li>"
    )


def _offers(offers: Iterable[Any]) -> str:
    """The card's treatments with their prices from."""
    items = "".join([_offer(o.name, o.price_from_pence) for o in offers])
    return f'\n<ul class="offers" aria-label="Treatments and prices">{items}\n</ul>'


# Kept by what they show, as ``badges._badge_item`` is: a results page writes twenty
# cards, mostly with the same few treatments, prices, distances and professions.


@lru_cache(maxsize=2048)
def _offer(name: str, price_from_pence: int | None) -> str:
    price = (
        f'<span class="price">from {escape(gbp(price_from_pence))}</span>'
        if price_from_pence is not None
        else ""
    )
    return f"\n<li><span>{escape(name)}</span>{price}</li>"


@lru_cache(maxsize=1024)
def _distance(text: str) -> str:
    return f'<span class="distance">{escape(text)}</span>'


@lru_cache(maxsize=256)
def _comes_to_you(travel_miles: int) -> str:
    return (
        '<span class="distance distance--travels" data-comes-to-you>'
        f"{escape(comes_to_you(travel_miles))}</span>"
    )


@lru_cache(maxsize=64)
def _profession(value: str) -> str:
    return str(escape(profession_label(value)))


def init_app(app: App) -> None:
    app.add_template_global(result_cards)
