"""Property tests: valid postcodes in any dress parse; anything else raises PostcodeError."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from directory.geo.postcodes import (
    GB_AREAS,
    INWARD_LETTERS,
    PostcodeError,
    PostcodeKind,
    looks_like_postcode,
    parse_postcode,
)

AREAS = sorted(GB_AREAS)
FORBIDDEN_INWARD = "CIKMOV"


@st.composite
def outward_codes(draw: st.DrawFn) -> str:
    area = draw(st.sampled_from(AREAS))
    number = draw(st.integers(0, 9))
    kind = draw(st.sampled_from(["plain", "digit", "letter"]))
    if kind == "digit":
        return f"{area}{number}{draw(st.integers(0, 9))}"
    if kind == "letter":
        letters = "ABCDEFGHJKPSTUW" if len(area) == 1 else "ABEHMNPRVWXY"
        return f"{area}{number}{draw(st.sampled_from(letters))}"
    return f"{area}{number}"


inward_codes = st.builds(
    lambda d, a, b: f"{d}{a}{b}",
    st.integers(0, 9),
    st.sampled_from(INWARD_LETTERS),
    st.sampled_from(INWARD_LETTERS),
)


@st.composite
def dressed(draw: st.DrawFn, canonical: str, allow_no_space: bool = True) -> str:
    """The same postcode as a person might type it: any case, any spacing."""
    outward, _, inward = canonical.partition(" ")
    gaps = [" ", "  ", "\t"] + ([""] if allow_no_space else [])
    text = outward + (draw(st.sampled_from(gaps)) + inward if inward else "")
    text = "".join(ch.lower() if draw(st.booleans()) else ch for ch in text)
    return draw(st.sampled_from(["", " ", "\n"])) + text + draw(st.sampled_from(["", " "]))


@given(st.data(), outward_codes(), inward_codes)
def test_valid_units_parse_in_any_case_and_spacing(
    data: st.DataObject, outward: str, inward: str
) -> None:
    canonical = f"{outward} {inward}"
    parsed = parse_postcode(data.draw(dressed(canonical)))
    assert parsed.kind is PostcodeKind.UNIT
    assert parsed.normalised == canonical
    assert parsed.district == outward
    assert parsed.sector == f"{outward} {inward[0]}"
    assert parse_postcode(parsed.normalised) == parsed


@given(st.data(), outward_codes(), st.integers(0, 9))
def test_valid_sectors_and_districts_parse(data: st.DataObject, outward: str, digit: int) -> None:
    sector = parse_postcode(data.draw(dressed(f"{outward} {digit}", allow_no_space=False)))
    assert (sector.kind, sector.normalised) == (PostcodeKind.SECTOR, f"{outward} {digit}")
    district = parse_postcode(data.draw(dressed(outward)))
    assert (district.kind, district.normalised) == (PostcodeKind.DISTRICT, outward)


@given(
    outward_codes(),
    st.integers(0, 9),
    st.text(alphabet=FORBIDDEN_INWARD + "AB", min_size=2, max_size=2).filter(
        lambda s: any(ch in FORBIDDEN_INWARD for ch in s)
    ),
)
def test_forbidden_inward_letters_are_refused(outward: str, digit: int, letters: str) -> None:
    try:
        parse_postcode(f"{outward} {digit}{letters}")
    except PostcodeError as exc:
        assert exc.message
    else:
        raise AssertionError("accepted an inward code with a forbidden letter")


def _only_postcode_error(text: str) -> None:
    try:
        parsed = parse_postcode(text)
    except PostcodeError as exc:
        assert isinstance(exc.message, str) and exc.message
        if exc.suggestion is not None:
            assert parse_postcode(exc.suggestion).normalised == exc.suggestion
    else:
        assert parse_postcode(parsed.normalised) == parsed
    assert looks_like_postcode(text) in (True, False)


@given(st.text(max_size=40))
def test_any_text_raises_only_postcode_error(text: str) -> None:
    _only_postcode_error(text)


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcio0123456789 -", max_size=12))
def test_near_postcodes_raise_only_postcode_error(text: str) -> None:
    # A narrow alphabet reaches the grammar's corners far more often than any text does.
    _only_postcode_error(text)
