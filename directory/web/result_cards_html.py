"""The results page's list of cards (``search_cards.Card``), as a template global
written in Python (``{{ result_cards(page.cards) }}``).

As a Jinja loop, the twenty cards of a page were a few per cent of a worker's CPU:
some thirty ``{{ }}`` expressions and filter calls per card, each escaped and wrapped
in ``Markup`` on its own. Here each card is one f-string, its data escaped, and the
badges, registrations, prescribing line and demo tag come from the same filters the
template used (``web.badges``). The HTML is the loop's, whitespace aside (a run of
whitespace where the template had one, none where it had none):
``tests/unit/test_result_cards_html.py`` renders both.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask.sansio.app import App
from markupsafe import Markup, escape

from directory.web.badges import badge_list, demo_tag, prescribing_line, registration_list
from directory.web.formatting import gbp, miles, profession_label

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
        unit = "mile" if r.travel_miles == 1 else "miles"
        top = (
            '<span class="distance distance--travels" data-comes-to-you>'
            f"comes to you (up to {escape(r.travel_miles)} {unit})</span>"
        )
    elif r.distance_miles is not None:
        top = f'<span class="distance">{escape(miles(r.distance_miles))}</span>'
    else:
        top = ""
    where = r.where
    meta = escape(where)
    if r.profession:
        meta = escape(profession_label(r.profession)) + (" · " if where else "") + meta
    return (
        f'\n<li>\n<article class="card" aria-labelledby="result-{slug}">'
        f'\n<div class="card__top">\n{top}\n{demo_tag(r)}\n</div>'
        f'\n<h3 class="card__title" id="result-{slug}">'
        f'<a href="{escape(r.url)}">{escape(r.name)}</a></h3>'
        f'\n<p class="card__meta">{meta}</p>'
        f"\n{'' if r.checked else UNCHECKED}"
        f"\n{badge_list(r.badges)}"
        f"\n{registration_list(r.registrations)}"
        f"\n{prescribing_line(r.prescribing) if r.prescribing else ''}"
        f"\n{_offers(r.offers)}"
        "\n</article>\n</li>"
    )


def _offers(offers: Iterable[Any]) -> str:
    """The card's treatments with their prices from, or nothing."""
    items = [
        f"\n<li><span>{escape(o.name)}</span>"
        + (
            f'<span class="price">from {escape(gbp(o.price_from_pence))}</span>'
            if o.price_from_pence is not None
            else ""
        )
        + "</li>"
        for o in offers
    ]
    if not items:
        return ""
    return '\n<ul class="offers" aria-label="Treatments and prices">' + "".join(items) + "\n</ul>"


def init_app(app: App) -> None:
    app.add_template_global(result_cards)
