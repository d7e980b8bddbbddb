"""Distance: the radius edge, practitioners with several clinics, ordering, widening."""

from __future__ import annotations

import pytest

from directory.geo import haversine_miles

from ._support import LEEDS, add_practitioner, find, found, offset, point_of, slugs

CENTRE = point_of(LEEDS)


@pytest.fixture
def edge(reindex):
    """Clinics either side of the 10-mile edge, and one practitioner whose nearer
    clinic is the second of three."""
    add_practitioner("Inside Edge", [offset(CENTRE, 9.9, 80)], ["mesotherapy"], slug="at-9-9")
    add_practitioner("Outside Edge", [offset(CENTRE, 10.1, 350)], ["mesotherapy"], slug="at-10-1")
    three = [offset(CENTRE, 40, 200), offset(CENTRE, 4.0, 135), offset(CENTRE, 7.5, 20)]
    add_practitioner("Three Clinics", three, ["mesotherapy"], slug="three-clinics")
    add_practitioner(
        "Both Far",
        [offset(CENTRE, 12, 0), offset(CENTRE, 30, 90)],
        ["mesotherapy"],
        slug="both-far",
    )
    add_practitioner("No Location", [None], ["mesotherapy"], slug="no-location")  # type: ignore[list-item]
    reindex()


def test_the_radius_edge_is_exact(edge):
    assert found(near=CENTRE, radius_miles=10.0) == ["three-clinics", "at-9-9"]
    assert found(near=CENTRE, radius_miles=10.2) == ["three-clinics", "at-9-9", "at-10-1"]
    assert found(near=CENTRE, radius_miles=9.8) == ["three-clinics"]


def test_a_practitioner_matches_by_the_nearest_clinic(edge):
    results = find(near=CENTRE, radius_miles=10.0)
    nearest = results.hits[0]
    practitioner = _practitioner("three-clinics")
    second = practitioner.clinics[1]
    assert nearest.clinic_id == second.id
    # Exactly the haversine distance, as shown to the public.
    assert nearest.distance_miles == haversine_miles(*CENTRE, second.latitude, second.longitude)
    assert nearest.distance_miles == pytest.approx(4.0, abs=1e-9)
    assert results.hits[1].distance_miles == pytest.approx(9.9, abs=1e-9)


def test_without_a_point_clinics_without_coordinates_still_count(edge):
    assert sorted(found("mesotherapy")) == [
        "at-10-1",
        "at-9-9",
        "both-far",
        "no-location",
        "three-clinics",
    ]
    assert all(hit.distance_miles is None for hit in find("mesotherapy").hits)


@pytest.mark.parametrize("radius", [1.0, 3.0, 5.0, 10.0, 25.0, 50.0, 100.0])
def test_every_offered_radius_is_exact_in_every_direction(reindex, radius):
    for bearing in range(0, 360, 45):
        add_practitioner(f"In {bearing}", [offset(CENTRE, radius * 0.999, bearing)], ["prp"])
        add_practitioner(f"Out {bearing}", [offset(CENTRE, radius * 1.001, bearing)], ["prp"])
    add_practitioner("Right On", [offset(CENTRE, radius - 1e-7, 33)], ["prp"])
    reindex()
    names = found(near=CENTRE, radius_miles=radius)
    assert sorted(names) == sorted([f"in-{b}" for b in range(0, 360, 45)] + ["right-on"])


def test_distance_order_is_nearest_first_with_distances(reindex):
    for miles in (6.0, 2.0, 8.0, 0.5):
        add_practitioner(f"At {miles:g}", [offset(CENTRE, miles, miles * 40)], ["prp"])
    reindex()
    results = find(near=CENTRE, radius_miles=10)
    assert results.sort == "distance"
    assert slugs(results) == ["at-0.5", "at-2", "at-6", "at-8"]
    assert [round(h.distance_miles, 6) for h in results.hits] == [0.5, 2.0, 6.0, 8.0]


def test_relevance_order_ranks_a_name_above_a_bio(reindex):
    add_practitioner("Near By", [offset(CENTRE, 1, 0)], ["prp"], bio="Trained by Dr Okafor.")
    add_practitioner("Ada Okafor", [offset(CENTRE, 8, 0)], ["prp"])
    reindex()
    assert found("okafor", near=CENTRE, radius_miles=10) == ["near-by", "ada-okafor"]
    relevant = find("okafor", near=CENTRE, radius_miles=10, sort="relevance")
    assert relevant.sort == "relevance"
    assert slugs(relevant) == ["ada-okafor", "near-by"]
    assert relevant.hits[0].score > relevant.hits[1].score > 0
    # Distances are still given when sorting by relevance.
    assert [round(h.distance_miles, 6) for h in relevant.hits] == [8.0, 1.0]


def test_nothing_within_the_radius_widens_to_the_nearest_few(reindex):
    for miles in (30.0, 12.0, 14.0, 13.0, 11.0, 15.0, 16.0, 60.0):
        add_practitioner(f"At {miles:g}", [offset(CENTRE, miles, 270)], ["chemical-peels"])
    add_practitioner("Wrong Treatment", [offset(CENTRE, 3, 270)], ["prp"])
    reindex()
    results = find(near=CENTRE, radius_miles=10, treatment="chemical-peels")
    assert results.widened and results.widened_radius_miles == 25.0
    assert slugs(results) == ["at-11", "at-12", "at-13", "at-14", "at-15"]
    assert results.total == 5
    assert results.facets["treatment"] == {"chemical-peels": 5}
    # Only the first page carries widened results.
    assert find(near=CENTRE, radius_miles=10, treatment="chemical-peels", page=2).hits == []
    # Far enough out, the first larger radius with anyone is used.
    lonely = find(near=offset(CENTRE, 42, 270), radius_miles=5, treatment="chemical-peels")
    assert (lonely.widened, lonely.widened_radius_miles) == (True, 25.0)
    assert slugs(lonely) == ["at-30", "at-60"]


def test_nothing_anywhere_is_an_honest_empty_answer(reindex):
    # Beyond the widest widening step (250 miles).
    add_practitioner("Far Away", [offset(CENTRE, 260, 0)], ["prp"])
    reindex()
    results = find(near=CENTRE, radius_miles=10, treatment="prp")
    assert (results.total, results.hits, results.widened) == (0, [], False)
    assert results.facets == {
        "treatment": {},
        "accreditation": {},
        "profession": {},
        "language": {},
        "clinic": {},
    }


def _practitioner(slug: str):
    from directory.extensions import db
    from directory.models import Practitioner

    return db.session.scalar(db.select(Practitioner).filter_by(slug=slug))
