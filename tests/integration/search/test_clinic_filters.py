"""Filters on what clinics offer: "open at weekends" (issue 16), in the index, after an
incremental update, and on the database path used when the index is broken."""

from __future__ import annotations

from datetime import time

import pytest

from directory import search
from directory.extensions import db
from directory.models import OpeningHours, Practitioner
from directory.search import fallback
from directory.services import outbox

from ._support import LEEDS, NEXT_YEAR, TODAY, add_practitioner, find, found, point_of, slugs

HERE = point_of(LEEDS)
CHECKED = [("nmc", NEXT_YEAR)]


def _hours(practitioner: Practitioner, *days: int, by_appointment: bool = False) -> None:
    clinic = practitioner.clinics[0]
    clinic.hours = [
        OpeningHours(weekday=d, by_appointment=True) if by_appointment
        else OpeningHours(weekday=d, opens=time(9), closes=time(17))
        for d in days
    ]


@pytest.fixture
def week(reindex):
    _hours(add_practitioner("Sam Saturday", [HERE], ["mesotherapy"], CHECKED), 0, 5)
    _hours(add_practitioner("Suki Sunday", [HERE], ["skin-boosters"], CHECKED), 6,
           by_appointment=True)
    _hours(add_practitioner("Wes Weekday", [HERE], ["mesotherapy"], CHECKED), 0, 1, 2, 3, 4)
    add_practitioner("Nora Nohours", [HERE], ["mesotherapy"], CHECKED)
    db.session.commit()
    reindex()


def test_open_at_weekends_counts_saturday_sunday_and_by_appointment(week):
    assert found(weekends=True) == ["sam-saturday", "suki-sunday"]
    assert found(weekends=False) == ["nora-nohours", "sam-saturday", "suki-sunday",
                                     "wes-weekday"]
    near = find(near=HERE, radius_miles=5, weekends=True, treatment="mesotherapy")
    assert slugs(near) == ["sam-saturday"]
    # Other facets count with the weekend filter applied; treatment ignores its own.
    assert near.facets["treatment"] == {"mesotherapy": 1, "skin-boosters": 1}
    # The switch's own count ignores the switch; with no treatment chosen, both count.
    assert near.facets["clinic"] == {"weekends": 1}
    assert find(near=HERE, radius_miles=5).facets["clinic"] == {"weekends": 2}


def test_a_saved_change_of_hours_reaches_the_index(week):
    weekday = db.session.scalar(db.select(Practitioner).filter_by(slug="wes-weekday"))
    _hours(weekday, 5)
    outbox.mark_practitioner(weekday.id)
    db.session.commit()
    while search.apply_outbox(limit=25):
        pass
    assert found(weekends=True) == ["sam-saturday", "suki-sunday", "wes-weekday"]
    assert search.index_status()["in_sync"]


def test_the_database_path_filters_the_same(week):
    query = search.SearchQuery(lat=HERE[0], lon=HERE[1], radius_miles=5, weekends=True)
    engine, database = find(near=HERE, radius_miles=5, weekends=True), fallback.search(query, TODAY)
    assert database.degraded and not engine.degraded
    assert slugs(database) == slugs(engine) == ["sam-saturday", "suki-sunday"]
    assert database.facets == engine.facets
