"""Credential badges, clinic registrations, the prescribing line and the demo tag, as
template filters written in Python (``{{ card.badges|badge_list }}``).

A results page has four of these per card; as Jinja macros they were a third of the
page's rendering, most of it the cost of calling a macro (a filter is a plain call; a
global function goes through the template context, which costs twice as much). The
HTML is byte for byte what the macros wrote (``tests/unit/test_badges_html.py``
renders both). A badge is always words; the tick is decoration.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any

from flask.sansio.app import App
from markupsafe import Markup, escape

from directory.web.formatting import badge_label, uk_date

DEMO_TAG = Markup('<span class="tag tag--demo">Demo listing</span>')
NOT_A_PRESCRIBER = Markup(
    '\n    <p class="prescribing prescribing--no" data-prescriber="no">Not a prescriber: '
    "a prescriber must assess you in person before this treatment</p>\n  "
)


def demo_tag(practitioner: Any) -> Markup:
    """The "Demo listing" tag for a made-up listing, else nothing."""
    return DEMO_TAG if practitioner.is_demo else Markup("")


def badge_list(
    items: Iterable[Any], empty_text: str = "No credentials checked by us yet"
) -> Markup:
    """The checked credentials (``profiles.Badge``) as a list, or ``empty_text`` in it."""
    parts = ['<ul class="badges" aria-label="Credentials we have checked">\n    ']
    for item in items:
        parts.append(_badge_item(badge_label(item.body), item.verified_on))
    if len(parts) == 1:
        parts.append(f'\n      <li class="badge badge--none">{escape(empty_text)}</li>\n    ')
    parts.append("\n  </ul>")
    return Markup("".join(parts))


@lru_cache(maxsize=1024)
def _badge_item(label: str, verified_on: date | None) -> str:
    """One badge of a list, kept by all it shows (its words and the day it was
    checked): a results page writes about twenty, mostly the same few."""
    checked = f" · checked {escape(uk_date(verified_on))}" if verified_on else ""
    return (
        '<li class="badge badge--verified">\n    <span aria-hidden="true">✓</span>\n    '
        f"<span><strong>{escape(label)}</strong>{checked}</span>\n  </li>"
    )


def prescribing_line(p: Any) -> Markup:
    """Whether the practitioner is a checked prescriber (``search_cards.Prescribing``)."""
    if not p.prescriber:
        return NOT_A_PRESCRIBER
    checked = f" (checked on {escape(uk_date(p.checked_on))})" if p.checked_on else ""
    return Markup(
        f'\n    <p class="prescribing prescribing--yes" data-prescriber>Prescriber{checked}</p>\n  '
    )


def registration_list(items: Iterable[Any], links: bool = False) -> Markup:
    """A clinic's registrations we checked and that are current: facts about the
    premises, shown apart from the practitioner's own credentials. ``links`` adds the
    regulator's page for the number (off for demo listings, whose numbers are made up)."""
    parts = []
    for r in items:
        issuer = escape(r.issuer)
        if r.kind.value == "regulator":
            what = f"<strong>{issuer} registered</strong>"
        else:
            what = f"<strong>Licensed</strong> by {issuer}"
        if r.decided_at:
            what += f" · checked on {escape(uk_date(r.decided_at))}"
        if links and r.public_url:
            what += (
                f' · <a href="{escape(r.public_url)}" rel="noopener">{issuer} page'
                f'<span class="visually-hidden"> for registration {escape(r.number)}</span></a>'
            )
        parts.append(
            f'<li class="registration" data-registration="{escape(r.regulator or "licence")}">'
            f'\n      <span aria-hidden="true">✓</span>\n      <span>{what}</span>\n    </li>'
        )
    if not parts:
        return Markup("")
    return Markup(
        '\n  <ul class="registrations" aria-label="Clinic registrations we have checked">\n    '
        + "".join(parts)
        + "\n  </ul>\n  "
    )


def init_app(app: App) -> None:
    for helper in (demo_tag, badge_list, prescribing_line, registration_list):
        app.add_template_filter(helper)
