"""Where to get help with your health now: shown before the concern form, on its
confirmation and on the contact page.

A template global written in Python rather than a macro imported into each page: the
import and the call cost a profile page more than writing the HTML, which is byte for
byte what the macro wrote (``tests/unit/test_urgent_help.py`` renders both).
"""

from __future__ import annotations

from typing import Any

from flask.sansio.app import App
from markupsafe import Markup, escape

BEFORE = (
    '<div class="urgent-help" role="region" aria-labelledby="urgent-help-title-{level}">\n'
    '    <h{level} id="urgent-help-title-{level}">If you need help with your health now</h{level}>\n'  # noqa: E501 (the macro's lines as they were)
    "    <ul>\n"
    '      <li><strong>In an emergency, call <a href="tel:999">999</a></strong>: for example sudden\n'  # noqa: E501 (the macro's lines as they were)
    "        severe pain, skin turning pale, blue or mottled after filler, changes in your sight,\n"
    "        or trouble breathing or swallowing.</li>\n"
    '      <li>For urgent advice that is not an emergency, call <a href="tel:111">NHS 111</a> or use\n'  # noqa: E501 (the macro's lines as they were)
    '        <a href="https://111.nhs.uk" rel="noopener">111.nhs.uk</a>.</li>\n'
    "      "
)
REGULATOR = (
    "\n"
    "        <li>To raise a concern about a {short_name}-registered professional with\n"
    '          their regulator, contact the <a href="{website}" rel="noopener">{name}</a>.</li>\n'
    "      "
)
AFTER = (
    "\n"
    "      <li>If a medicine, filler or other product caused a reaction, report it to the\n"
    '        <a href="https://yellowcard.mhra.gov.uk" rel="noopener">MHRA Yellow Card scheme</a>.</li>\n'  # noqa: E501 (the macro's lines as they were)
    "    </ul>\n"
    "    <p>We are a directory, not a medical service: we cannot give medical advice, and we may\n"
    "      not read your message straight away.</p>\n"
    "  </div>"
)


def urgent_help(regulator: Any = None, heading_level: int = 3) -> Markup:
    """The box, its heading at ``heading_level``; with the practitioner's ``regulator``
    (an accreditation body) it names where to raise a concern about them."""
    level = escape(heading_level)
    text = BEFORE.format(level=level)
    if regulator:
        text += REGULATOR.format(
            short_name=escape(regulator.short_name),
            website=escape(regulator.website),
            name=escape(regulator.name),
        )
    return Markup(text + AFTER)


def init_app(app: App) -> None:
    app.add_template_global(urgent_help)
