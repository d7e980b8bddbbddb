"""The postcode parser on hand-picked inputs: forms people type, and mistakes they make."""

from __future__ import annotations

import pytest

from directory.geo.postcodes import (
    PostcodeError,
    PostcodeKind,
    inward_code,
    inward_index,
    looks_like_postcode,
    normalise_postcode,
    parse_postcode,
)


@pytest.mark.parametrize(
    ("typed", "kind", "normalised", "district", "sector"),
    [
        ("SW1A 1AA", PostcodeKind.UNIT, "SW1A 1AA", "SW1A", "SW1A 1"),
        ("sw1a1aa", PostcodeKind.UNIT, "SW1A 1AA", "SW1A", "SW1A 1"),
        ("  Sw1A   1aA ", PostcodeKind.UNIT, "SW1A 1AA", "SW1A", "SW1A 1"),
        ("m1 1ae", PostcodeKind.UNIT, "M1 1AE", "M1", "M1 1"),
        ("EC1A-1BB", PostcodeKind.UNIT, "EC1A 1BB", "EC1A", "EC1A 1"),
        ("SW1A 1", PostcodeKind.SECTOR, "SW1A 1", "SW1A", "SW1A 1"),
        ("SW1A1", PostcodeKind.SECTOR, "SW1A 1", "SW1A", "SW1A 1"),
        ("M1 1", PostcodeKind.SECTOR, "M1 1", "M1", "M1 1"),
        ("SW1A", PostcodeKind.DISTRICT, "SW1A", "SW1A", None),
        ("m1", PostcodeKind.DISTRICT, "M1", "M1", None),
        # Without a space a whole outward code wins: M11 is a real district.
        ("M11", PostcodeKind.DISTRICT, "M11", "M11", None),
        ("sw", PostcodeKind.AREA, "SW", None, None),
        ("B", PostcodeKind.AREA, "B", None, None),
        ("BT1 1AA", PostcodeKind.UNIT, "BT1 1AA", "BT1", "BT1 1"),
    ],
)
def test_recognises_each_kind(
    typed: str, kind: PostcodeKind, normalised: str, district: str | None, sector: str | None
) -> None:
    parsed = parse_postcode(typed)
    assert parsed.kind is kind
    assert parsed.normalised == normalised
    assert parsed.district == district
    assert parsed.sector == sector


def test_unit_fields() -> None:
    parsed = parse_postcode("ls14ap")
    assert (parsed.area, parsed.district, parsed.sector, parsed.unit) == (
        "LS",
        "LS1",
        "LS1 4",
        "LS1 4AP",
    )
    assert not parsed.is_northern_ireland
    assert parse_postcode("bt7 1nn").is_northern_ireland


@pytest.mark.parametrize(
    ("typed", "suggestion", "fragment"),
    [
        ("SW1A 1A", "SW1A 1", "is not a complete postcode"),
        ("sw1a1a", "SW1A 1", "Did you mean the sector 'SW1A 1'"),
        ("M1 1A", "M1 1", "is not a complete postcode"),
        ("SW1A OAA", "SW1A 0AA", "did you mean 'SW1A 0AA'"),
        ("LSI 4AP", "LS1 4AP", "did you mean 'LS1 4AP'"),
        ("SW1A 1AAA", "SW1A 1AA", "too long"),
        ("SW1A 1AO", None, "never C, I, K, M, O or V"),
        ("XY1 1AA", None, "no postcode area 'XY'"),
        ("", None, "Type a postcode"),
        ("SW1A 1AA!", None, "only letters and numbers"),
        ("Harrogate", None, "not a valid UK postcode"),
        ("x" * 200, None, "too long"),
    ],
)
def test_errors_explain_and_suggest(typed: str, suggestion: str | None, fragment: str) -> None:
    with pytest.raises(PostcodeError) as caught:
        parse_postcode(typed)
    assert fragment in caught.value.message
    assert caught.value.suggestion == suggestion
    assert isinstance(caught.value, ValueError)
    if suggestion is not None:
        parse_postcode(suggestion)  # a suggestion is always itself valid


def test_normalise_accepts_units_only() -> None:
    assert normalise_postcode("sw1a1aa") == "SW1A 1AA"
    for partial in ("SW1A 1", "SW1A", "SW"):
        with pytest.raises(PostcodeError, match="not a full postcode"):
            normalise_postcode(partial)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SW1A 1AA", True),
        ("M1", True),
        ("SW1A 1A", True),
        ("5W1A 1AA", True),
        ("LS", True),
        ("SW1A 1AA.", True),
        ("SW1A OAA", True),
        ("Hamlet 2", False),
        ("Harrogate", False),
        ("St Albans", False),
        ("Newport", False),
        ("", False),
        ("Woodford, Essex", False),
        ("x" * 100, False),
    ],
)
def test_looks_like_postcode(text: str, expected: bool) -> None:
    assert looks_like_postcode(text) is expected


def test_inward_packing_preserves_order() -> None:
    codes = [inward_code(i) for i in range(4000)]
    assert codes == sorted(codes)
    assert all(inward_index(code) == i for i, code in enumerate(codes))
    assert inward_code(inward_index("9ZZ")) == "9ZZ"
