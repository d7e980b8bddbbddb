"""Text as a person meant to type it: the one cleaner for every form field and every
search parameter.

PostgreSQL refuses a NUL in text outright, and no other control character belongs in a
name, an address, an email address or a message: they arrive by copy and paste, or by
abuse, and would only hide text from whoever reads it later. Imports nothing of Flask.
"""

from __future__ import annotations

import unicodedata
from typing import Any

# What a block of text (a message, a biography) keeps of the invisible characters.
BLOCK_KEEPS = "\n\t"


def clean_text(value: Any, block: bool = False) -> Any:
    """``value`` as typed, trimmed, with invisible characters dealt with; anything that
    is not a string (None, say) is returned unchanged.

    Any kind of space (a tab, a no-break space, a line break in one line) becomes a plain
    space, so a pasted "SW1A<tab>1AA" is still a postcode. Other control characters are
    dropped from one line ("vic\\x01tim@example.org" is victim@example.org, one address
    for rate limits) and become spaces in a ``block``, which also keeps its line breaks
    (any of ``\\r\\n``, ``\\r``, ``\\n``, stored as ``\\n``) and tabs. Format characters
    (zero-width joiners, which emoji and several scripts need) are kept.
    """
    if not isinstance(value, str):
        return value
    if block:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    kept = BLOCK_KEEPS if block else ""
    gap = " " if block else ""
    out = []
    for ch in value:
        if ch in kept:
            out.append(ch)
        elif ch.isspace():
            out.append(" ")
        elif unicodedata.category(ch) == "Cc":
            out.append(gap)
        else:
            out.append(ch)
    return "".join(out).strip()


def one_line(value: Any) -> Any:
    """``clean_text`` with every run of spaces made one space: for text that goes into a
    mail header (a name in a Subject), where a line break would be refused or, worse,
    start a new header."""
    text = clean_text(value)
    return " ".join(text.split()) if isinstance(text, str) else text
