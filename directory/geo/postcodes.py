"""UK postcode parsing: a unit ("SW1A 1AA"), sector ("SW1A 1"), district ("SW1A") or area ("SW").

The grammar is Royal Mail's: an outward code of one or two area letters, a district
number and sometimes a letter, then an inward code of a sector digit and two unit
letters drawn from twenty (never C, I, K, M, O or V). Areas are checked against the
fixed list of UK postcode areas, so "XY1" is refused here rather than looked up.

Every function is pure and bounded: inputs longer than a postcode are refused before
any pattern runs, so parsing costs microseconds whatever a person types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# Great Britain (Code-Point Open), Northern Ireland, and the Crown Dependencies, which
# use Royal Mail postcodes but lie outside the UK and outside our data.
GB_AREAS = frozenset(
    "AB AL B BA BB BD BH BL BN BR BS CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN "
    "DT DY E EC EH EN EX FK FY G GL GU HA HD HG HP HR HS HU HX IG IP IV KA KT KW KY L LA "
    "LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S "
    "SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF "
    "WN WR WS WV YO ZE".split()
)
NI_AREA = "BT"
CROWN_DEPENDENCY_AREAS = frozenset({"GY", "JE", "IM"})
KNOWN_AREAS = GB_AREAS | {NI_AREA} | CROWN_DEPENDENCY_AREAS

INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
MAX_INPUT = 20  # longer than any postcode with generous spacing

_OUTWARD = re.compile(r"([A-Z]{1,2})([0-9])([0-9A-Z])?")
# The optional letter after the district number comes from a smaller set, by format.
_THIRD_LETTERS = {1: "ABCDEFGHJKPSTUW", 2: "ABEHMNPRVWXY"}
_INWARD = re.compile(r"[0-9][ABD-HJLNP-UW-Z]{2}")
_SEPARATORS = re.compile(r"[\s\-]+")
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]+")
_LETTER_RUN = re.compile(r"[A-Z]{5}")


class PostcodeKind(StrEnum):
    UNIT = "unit"
    SECTOR = "sector"
    DISTRICT = "district"
    AREA = "area"


class PostcodeError(ValueError):
    """Text that is not a postcode; ``message`` says why in plain English.

    ``suggestion`` is a normalised postcode the person probably meant, or None.
    """

    def __init__(self, message: str, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.suggestion = suggestion


@dataclass(frozen=True, slots=True)
class ParsedPostcode:
    """A recognised postcode. Fields finer than ``kind`` are None."""

    kind: PostcodeKind
    normalised: str  # "SW1A 1AA", "SW1A 1", "SW1A" or "SW"
    area: str
    district: str | None
    sector: str | None
    unit: str | None

    @property
    def is_northern_ireland(self) -> bool:
        return self.area == NI_AREA


def parse_postcode(text: str) -> ParsedPostcode:
    """Recognise a unit, sector, district or area postcode in any case and spacing.

    Without a space, a string that is a whole outward code is read as a district
    ("M11" is district M11, not sector "M1 1"). Raises ``PostcodeError`` (only) for
    anything else, with a suggestion where one is sensible.
    """
    if not isinstance(text, str):
        raise PostcodeError("A postcode must be text.")
    parsed = try_parse_postcode(text)
    if parsed is None:
        from directory.geo.postcode_hints import explain

        raise explain(text)
    return parsed


def normalise_postcode(text: str) -> str:
    """Return a full unit postcode in its standard form ("sw1a1aa" -> "SW1A 1AA").

    Raises ``PostcodeError`` for anything that is not a complete unit postcode,
    including valid sectors and districts.
    """
    parsed = parse_postcode(text)
    if parsed.kind is not PostcodeKind.UNIT:
        raise PostcodeError(
            f"'{parsed.normalised}' is a postcode {parsed.kind.value}, not a full postcode: "
            "a full postcode ends with a number and two letters, like 'SW1A 1AA'.",
            suggestion=None,
        )
    return parsed.normalised


def looks_like_postcode(text: str) -> bool:
    """True if ``text`` is, or is probably a mistyped attempt at, a postcode.

    Decides between postcode and place-name lookup: a short mix of letters and digits
    ("SW1A 1A", "M1", "5W1A 1AA") is a postcode attempt; "Harrogate", "St Albans" and
    "Newport" are not. Never raises.
    """
    if not isinstance(text, str) or len(text) > MAX_INPUT:
        return False
    if try_parse_postcode(text) is not None:
        return True
    # Stray punctuation ("SW1A 1AA.") still marks a postcode attempt: the parser's
    # message then says what is wrong, which beats "no such place".
    # A run of five letters never occurs in a postcode, even with O typed for 0
    # ("SW1AOAA"), but does in names with a number ("Hamlet 2").
    compact = _NOT_ALNUM.sub("", text).upper()
    return (
        2 <= len(compact) <= 8
        and any(ch.isdigit() for ch in compact)
        and any(ch.isalpha() for ch in compact)
        and _LETTER_RUN.search(compact) is None
    )


def try_parse_postcode(text: str) -> ParsedPostcode | None:
    """Like :func:`parse_postcode`, but None instead of an explanation; never raises
    for a ``str``. For hot paths and for trying readings."""
    if len(text) > MAX_INPUT:
        return None
    tokens = _SEPARATORS.split(text.strip().upper())
    tokens = [t for t in tokens if t]
    if len(tokens) == 2:
        return _from_parts(tokens[0], tokens[1])
    if len(tokens) != 1:
        return None
    compact = tokens[0]
    if compact in KNOWN_AREAS:
        return ParsedPostcode(PostcodeKind.AREA, compact, compact, None, None, None)
    # Longest reading first: unit, then district, then sector.
    readings = ((compact[:-3], compact[-3:]), (compact, ""), (compact[:-1], compact[-1:]))
    for outward, inward in readings:
        if outward and (found := _from_parts(outward, inward)) is not None:
            return found
    return None


def _from_parts(outward: str, inward: str) -> ParsedPostcode | None:
    match = _OUTWARD.fullmatch(outward)
    if match is None or match.group(1) not in KNOWN_AREAS:
        return None
    area, suffix = match.group(1), match.group(3)
    if suffix and suffix.isalpha() and suffix not in _THIRD_LETTERS[len(area)]:
        return None
    if inward == "":
        return ParsedPostcode(PostcodeKind.DISTRICT, outward, area, outward, None, None)
    if len(inward) == 1 and inward.isdigit() and inward.isascii():
        sector = f"{outward} {inward}"
        return ParsedPostcode(PostcodeKind.SECTOR, sector, area, outward, sector, None)
    if _INWARD.fullmatch(inward):
        unit = f"{outward} {inward}"
        return ParsedPostcode(
            PostcodeKind.UNIT, unit, area, outward, f"{outward} {inward[0]}", unit
        )
    return None


def inward_index(inward: str) -> int:
    """Pack a valid inward code ("1AA") into 0..3999, preserving sort order."""
    return (
        int(inward[0]) * 400
        + INWARD_LETTERS.index(inward[1]) * 20
        + INWARD_LETTERS.index(inward[2])
    )


def inward_code(index: int) -> str:
    """The inverse of :func:`inward_index`."""
    digit, rest = divmod(index, 400)
    return f"{digit}{INWARD_LETTERS[rest // 20]}{INWARD_LETTERS[rest % 20]}"
