"""Which nation a postcode is in, from the real offline tables: it picks a clinic's care
regulator, so the border districts matter."""

from __future__ import annotations

import pytest

from directory.geo import nation_of


@pytest.mark.parametrize(
    ("postcode", "nation"),
    [
        ("LS1 4AP", "ENG"),
        ("sw1a1aa", "ENG"),
        ("EH1 1YZ", "SCT"),
        ("CF10 1EP", "WLS"),
        ("BT1 5GS", "NIR"),
        ("BT99", "NIR"),
        # Across the borders: Deeside (CH5) is Welsh, Chester (CH1) English, Berwick (TD15)
        # English, Llandrindod Wells (LD1) Welsh.
        ("CH5 1AA", "WLS"),
        ("CH1 1AA", "ENG"),
        ("TD15 1AA", "ENG"),
        ("LD1", "WLS"),
    ],
)
def test_the_nation_of_a_postcode(postcode: str, nation: str) -> None:
    assert nation_of(postcode) == nation


@pytest.mark.parametrize("typed", ["ZZ1 1ZZ", "not a postcode", ""])
def test_unknown_or_invalid_postcodes_have_no_nation(typed: str) -> None:
    assert nation_of(typed) is None
