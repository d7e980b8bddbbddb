"""How a rebuild lays documents out: in geographic order, which the engine's fast
path needs, whatever odd places some clinics are in."""

from __future__ import annotations

from directory.search.open_index import get_state

from ._support import LEEDS, add_practitioner, found, offset, point_of

HERE = point_of(LEEDS)
MADRID = (40.4168, -3.7038)  # outside the grid, which covers Great Britain and Ireland


def test_rebuilt_segments_stay_in_grid_order(reindex, app):
    for n in range(6):
        add_practitioner(f"Grid {n}", [offset(HERE, n, 0)], ["prp"])
    # First clinic abroad, second one south-west of most of the others.
    add_practitioner("Abroad First", [MADRID, offset(HERE, 2.5, 225)], ["prp"])
    # First clinic without coordinates: the first located one counts.
    add_practitioner("Unlocated First", [None, offset(HERE, 0.5, 200)], ["prp"])  # type: ignore[list-item]
    add_practitioner("Nowhere", [None], ["prp"])  # type: ignore[list-item]
    reindex()
    segments = get_state(app).snapshot().segments
    assert [data.ordered for data, _ in segments] == [True]

    assert found(near=HERE, radius_miles=3)[:3] == ["grid-0", "unlocated-first", "grid-1"]
    assert "abroad-first" in found(near=HERE, radius_miles=3)
    assert found(near=MADRID, radius_miles=10) == ["abroad-first"]
    assert "nowhere" in found(treatment="prp")
    assert "nowhere" not in found(near=HERE, radius_miles=100)
