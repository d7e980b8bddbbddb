"""Home visits, several credentials at once and price order (issue 16 items 3 and 5): in
the index, after an incremental update, and on the database path, which must give the
same answer."""

from __future__ import annotations

from dataclasses import replace

import pytest
from factories import make_account

from directory import search
from directory.extensions import db
from directory.models import Practitioner
from directory.search import fallback
from directory.services import home_visits

from ._support import LEEDS, NEXT_YEAR, TODAY, add_practitioner, find, offset, point_of, slugs

HERE = point_of(LEEDS)
CHECKED = [("nmc", NEXT_YEAR)]


def _travels(practitioner: Practitioner, base: tuple[float, float], miles: int) -> None:
    practitioner.travel_postcode = "LS1 4AP"
    practitioner.travel_latitude, practitioner.travel_longitude = base
    practitioner.travel_miles = miles


def both(**options: object) -> search.SearchResults:
    """The index's answer, after checking the database path gives the same one."""
    got = find(**options)  # type: ignore[arg-type]
    assert not got.degraded
    near = options.pop("near", None)
    lat, lon = near if near is not None else (None, None)  # type: ignore[misc]
    options.setdefault("checked", "any")
    query = search.SearchQuery(lat=lat, lon=lon, **options)  # type: ignore[arg-type]
    slow = fallback.search(query, TODAY)
    assert [
        (h.practitioner_id, h.distance_miles, h.clinic_id, h.travel_miles) for h in got.hits
    ] == [(h.practitioner_id, h.distance_miles, h.clinic_id, h.travel_miles) for h in slow.hits]
    assert (got.total, got.facets, got.sort) == (slow.total, slow.facets, slow.sort)
    return got


@pytest.fixture
def area(reindex):
    """Near Leeds: a clinic 2 miles east; travellers based 20 miles north (going 25 miles,
    so to Leeds), 9.99 miles west (going 10: just reaching), 10.01 miles south (going 10:
    just short), one with no clinic at all; and a clinic 30 miles away whose owner
    travels 5."""
    add_practitioner(
        "Cal Clinic", [offset(HERE, 2)], ["mesotherapy"], CHECKED, price_from_pence=20_000
    )
    far = add_practitioner(
        "Tara Travels",
        [offset(HERE, 20, 0)],
        ["mesotherapy"],
        [("jccp", NEXT_YEAR)],
        price_from_pence=9_900,
    )
    _travels(far, offset(HERE, 20, 0), 25)
    edge = add_practitioner("Ed Edge", [], ["mesotherapy"], [("save-face", NEXT_YEAR)])
    _travels(edge, offset(HERE, 9.99, 270), 10)
    short = add_practitioner("Sid Short", [], ["mesotherapy"], CHECKED, price_from_pence=5_000)
    _travels(short, offset(HERE, 10.01, 180), 10)
    home = add_practitioner("Hal Homeonly", [], ["skin-boosters"], [("jccp", NEXT_YEAR)])
    _travels(home, offset(HERE, 1, 45), 5)
    away = add_practitioner("Ali Away", [offset(HERE, 30, 90)], ["mesotherapy"], CHECKED)
    _travels(away, offset(HERE, 30, 90), 5)
    reindex()


def test_a_traveller_whose_area_holds_the_searcher_comes_to_them_at_any_radius(area):
    results = both(near=HERE, radius_miles=3)
    # 0 miles for "comes to you", ties by id; then the clinic 2 miles away.
    assert slugs(results) == ["tara-travels", "ed-edge", "hal-homeonly", "cal-clinic"]
    assert [(h.distance_miles, h.travel_miles, h.clinic_id) for h in results.hits[:3]] == [
        (0.0, 25, None),
        (0.0, 10, None),
        (0.0, 5, None),
    ]
    assert results.hits[3].travel_miles is None and results.hits[3].distance_miles == pytest.approx(
        2
    )
    assert results.facets["clinic"] == {"mobile": 3}
    # Beyond their area they are not found, however big the radius.
    assert "sid-short" not in slugs(both(near=HERE, radius_miles=50))


def test_comes_to_you_keeps_only_those_who_travel_to_the_point(area):
    assert slugs(both(near=HERE, radius_miles=50, mobile=True)) == [
        "tara-travels",
        "ed-edge",
        "hal-homeonly",
    ]
    # Without a point: everyone offering home visits.
    assert slugs(both(mobile=True, sort="name")) == [
        "ali-away",
        "ed-edge",
        "hal-homeonly",
        "sid-short",
        "tara-travels",
    ]
    # Nobody travels here: no widening to clinics, an empty answer.
    nowhere = offset(HERE, 70, 0)
    results = both(near=nowhere, radius_miles=5, mobile=True)
    assert (results.total, results.widened) == (0, False)


def test_several_credentials_mean_any_of_them(area):
    assert slugs(both(accreditation=("jccp", "save-face"), sort="name")) == [
        "ed-edge",
        "hal-homeonly",
        "tara-travels",
    ]
    assert slugs(both(accreditation="jccp", sort="name")) == ["hal-homeonly", "tara-travels"]
    # The body facet still counts each body without the body filter.
    counts = both(accreditation=("jccp",), sort="name").facets["accreditation"]
    assert counts == {"nmc": 3, "jccp": 2, "save-face": 1}


def test_price_order_is_the_chosen_treatments_from_price_unpriced_last(area):
    results = both(treatment="mesotherapy", sort="price")
    assert results.sort == "price"
    assert slugs(results) == ["sid-short", "tara-travels", "cal-clinic", "ed-edge", "ali-away"]
    # Without a treatment, price order means nothing: the default order is used.
    assert both(sort="price").sort == "name"
    near = both(near=HERE, radius_miles=50, treatment="mesotherapy", sort="price")
    assert slugs(near) == ["tara-travels", "cal-clinic", "ed-edge", "ali-away"]
    assert near.hits[0].travel_miles == 25  # still says "comes to you"


def test_home_visits_saved_through_the_account_reach_the_index(area, app):
    owner = make_account("nia@example.com")
    nia = add_practitioner("Nia New", [offset(HERE, 40)], ["mesotherapy"], CHECKED, owner=owner)
    db.session.commit()
    search.rebuild()
    assert "nia-new" not in slugs(find(near=HERE, radius_miles=5))
    home_visits.set_home_visits(owner, "LS1 4AP", 3)  # based in Leeds itself
    while search.apply_outbox(limit=25):
        pass
    results = both(near=HERE, radius_miles=5)
    assert "nia-new" in slugs(results)
    assert db.session.get(Practitioner, nia.id).travel_postcode == "LS1 4AP"
    home_visits.set_home_visits(owner, "", None)  # stops travelling
    while search.apply_outbox(limit=25):
        pass
    assert "nia-new" not in slugs(both(near=HERE, radius_miles=5))


def test_the_cell_index_and_the_exact_test_agree_at_every_bearing(reindex):
    # Travellers all around, just inside and just outside their own range of the point.
    inside, outside = [], []
    for n, bearing in enumerate(range(0, 360, 15)):
        miles = (1, 5, 12, 40, 100)[n % 5]
        for slack, names in ((-0.01, inside), (0.01, outside)):
            p = add_practitioner(
                f"T{n}{'in' if slack < 0 else 'out'}",
                [],
                ["mesotherapy"],
                CHECKED,
                slug=f"t-{n}-{'in' if slack < 0 else 'out'}",
            )
            _travels(p, offset(HERE, miles + slack, bearing), miles)
            names.append(p.slug)
    reindex()
    got = set(slugs(both(near=HERE, radius_miles=1, per_page=100)))
    assert got == set(inside)
    assert not got & set(outside)


def test_an_unknown_body_among_several_is_refused(area):
    from directory.services import finder

    with pytest.raises(finder.FinderError) as refused:
        finder.find(None, *HERE, 10, None, ["jccp", "nobody"], None, None, 1, 20)
    assert refused.value.code == "unknown_accreditation"
    with pytest.raises(finder.FinderError) as refused:
        finder.find(None, *HERE, 10, None, None, None, "price", 1, 20)
    assert refused.value.code == "invalid_sort"
    assert replace(
        search.SearchQuery(accreditation=["b", "a", "b"]),  # type: ignore[arg-type]
    ).accreditation == ("a", "b")
