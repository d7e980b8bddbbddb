"""Plain-English explanations (and suggestions) for text that is not a postcode.

Kept apart from the grammar in ``postcodes``: this runs only on failure, and its job is
to be helpful rather than fast, though it stays well under a millisecond.
"""

from __future__ import annotations

import itertools
import re

from directory.geo.postcodes import (
    KNOWN_AREAS,
    MAX_INPUT,
    ParsedPostcode,
    PostcodeError,
    PostcodeKind,
    try_parse_postcode,
)

EXAMPLE = "'SW1A 1AA'"
# Characters people swap by eye or by keyboard habit: letter O and zero, I/L and one.
_CONFUSABLE = {"O": "0", "0": "O", "I": "1", "1": "I", "L": "1", "S": "5", "5": "S"}
_MAX_SWAPS = 6  # 2**6 readings at most, a few hundred microseconds
_ALLOWED = re.compile(r"[A-Za-z0-9\s\-]*")
_SHAPE = re.compile(r"([A-Z]{1,2})([0-9][0-9A-Z]?)\s*([0-9][A-Z]{0,2})?")
_RANK = {PostcodeKind.UNIT: 0, PostcodeKind.SECTOR: 1, PostcodeKind.DISTRICT: 2}


def explain(text: str) -> PostcodeError:
    """Return (not raise) the most useful ``PostcodeError`` for unparseable ``text``."""
    typed = " ".join(text.split())
    shown = typed if len(typed) <= MAX_INPUT else typed[:MAX_INPUT] + "..."
    if not typed:
        return PostcodeError(f"Type a postcode, such as {EXAMPLE}.")
    if len(text) > MAX_INPUT:
        return PostcodeError(f"'{shown}' is too long to be a postcode.")
    if not _ALLOWED.fullmatch(typed) or not typed.isascii():
        return PostcodeError(
            f"'{shown}' is not a postcode: postcodes have only letters and numbers, like {EXAMPLE}."
        )
    upper = typed.upper()
    shape = _SHAPE.fullmatch(upper)
    if shape and shape.group(1) not in KNOWN_AREAS:
        return PostcodeError(
            f"'{shown}' is not a UK postcode: there is no postcode area '{shape.group(1)}'."
        )
    return _incomplete(upper, shown) or _repaired(upper, shown) or _generic(shown)


def _incomplete(upper: str, shown: str) -> PostcodeError | None:
    """A unit postcode cut short ("SW1A 1A"), too long, or using letters no postcode uses."""
    tokens = upper.replace("-", " ").split()
    compact = "".join(tokens)
    outward, inward = (tokens[0], tokens[1]) if len(tokens) == 2 else (compact[:-2], compact[-2:])
    district = try_parse_postcode(outward) if outward else None
    is_district = district is not None and district.kind is PostcodeKind.DISTRICT
    if is_district and len(inward) == 2 and inward[0].isdigit() and inward[1].isalpha():
        sector = f"{outward} {inward[0]}"
        return PostcodeError(
            f"'{shown}' is not a complete postcode: a full postcode ends with a number "
            f"and two letters, like {EXAMPLE}. Did you mean the sector '{sector}'?",
            suggestion=sector,
        )
    outward, inward = (tokens[0], tokens[1]) if len(tokens) == 2 else (compact[:-3], compact[-3:])
    district = try_parse_postcode(outward) if outward else None
    is_district = district is not None and district.kind is PostcodeKind.DISTRICT
    if is_district and len(inward) == 3 and inward[0].isdigit() and inward[1:].isalpha():
        return PostcodeError(
            f"'{shown}' is not a valid postcode: the last two letters of a postcode are "
            "never C, I, K, M, O or V."
        )
    unit = try_parse_postcode(compact[:-1]) if len(compact) >= 6 else None
    if unit is not None and unit.kind is PostcodeKind.UNIT:
        return PostcodeError(
            f"'{shown}' is too long to be a postcode: did you mean '{unit.normalised}'?",
            suggestion=unit.normalised,
        )
    return None


def _repaired(upper: str, shown: str) -> PostcodeError | None:
    """Swap look-alike characters (O/0, I/1, L/1, S/5) until a postcode appears."""
    compact = upper.replace(" ", "").replace("-", "")
    positions = [i for i, ch in enumerate(compact) if ch in _CONFUSABLE]
    if not positions or len(positions) > _MAX_SWAPS or len(compact) > 8:
        return None
    best: tuple[int, int, ParsedPostcode] | None = None
    for choice in itertools.product((False, True), repeat=len(positions)):
        chars = list(compact)
        for flip, i in zip(choice, positions, strict=True):
            if flip:
                chars[i] = _CONFUSABLE[chars[i]]
        found = try_parse_postcode("".join(chars))
        if found is None or found.kind not in _RANK:
            continue
        score = (_RANK[found.kind], sum(choice), found)
        if best is None or score[:2] < best[:2]:
            best = score
    if best is None:
        return None
    suggestion = best[2].normalised
    return PostcodeError(
        f"'{shown}' is not a valid postcode: did you mean '{suggestion}'?",
        suggestion=suggestion,
    )


def _generic(shown: str) -> PostcodeError:
    return PostcodeError(
        f"'{shown}' is not a valid UK postcode. A postcode looks like {EXAMPLE}; "
        "to search an area you can also type the first part, like 'LS1'."
    )
