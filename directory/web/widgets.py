"""WTForms' input and text-area widgets with a cheaper attribute writer, same output.

WTForms writes each attribute through ``Markup.format``, whose escaping formatter made
the two forms on a profile page (eight fields) about a tenth of its CPU. ``html_params``
here writes the same bytes (``tests/unit/test_widgets.py`` compares them) with plain
string formatting around ``markupsafe.escape``. The base form (``web.forms``) gives
every input and text area these widgets unless a field names its own.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from markupsafe import Markup, escape
from wtforms import widgets
from wtforms.widgets.core import clean_key


def html_params(**kwargs: Any) -> Markup:
    """As ``wtforms.widgets.html_params``: attributes sorted by name, ``True`` as a bare
    attribute, ``False`` left out, values escaped (a ``Markup`` value's quotes too)."""
    params = []
    for key, value in sorted(kwargs.items()):
        key = clean_key(key)
        if value is True:
            params.append(str(escape(key)))
        elif value is not False:
            text = str(escape(value)).replace('"', "&quot;")
            params.append(f'{escape(key)}="{text}"')
    return Markup(" ".join(params))


class TextArea(widgets.TextArea):
    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for k in dir(flags):
            if k in self.validation_attrs and k not in kwargs:
                kwargs[k] = getattr(flags, k)
        inner = escape(field._value())
        return Markup(f"<textarea {html_params(name=field.name, **kwargs)}>\r\n{inner}</textarea>")


@cache
def faster(widget: Any) -> Any | None:
    """The same widget writing its attributes with ``html_params``, or None for a kind
    left as it is. One per widget: widgets keep no state between renders."""
    if type(widget) is widgets.TextArea:
        return TextArea()
    if isinstance(widget, widgets.Input):
        quick = copy.copy(widget)
        quick.html_params = html_params  # an instance attribute: called unbound
        return quick
    return None
