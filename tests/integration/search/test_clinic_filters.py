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
        OpeningHours(weekday=d, by_appointment=True)
        if by_appointment
        else OpeningHours(weekday=d, opens=time(9), closes=time(17))
        for d in days
    ]


@pytest.fixture
def week(reindex):
    _hours(add_practitioner("Sam Saturday", [HERE], ["mesotherapy"], CHECKED), 0, 5)
    _hours(
        add_practitioner("Suki Sunday", [HERE], ["skin-boosters"], CHECKED), 6, by_appointment=True
    )
    _hours(add_practitioner("Wes Weekday", [HERE], ["mesotherapy"], CHECKED), 0, 1, 2, 3, 4)
    add_practitioner("Nora Nohours", [HERE], ["mesotherapy"], CHECKED)
    db.session.commit()
    reindex()


def test_open_at_weekends_counts_saturday_sunday_and_by_appointment(week):
    assert found(weekends=True) == ["sam-saturday", "suki-sunday"]
    assert found(weekends=False) == ["nora-nohours", "sam-saturday", "suki-sunday", "wes-weekday"]
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


@pytest.fixture
def access(reindex):
    ramp = add_practitioner("Rae Ramp", [HERE], ["mesotherapy"], CHECKED)
    ramp.clinics[0].step_free = True
    ramp.languages = ["pl", "bfi"]
    stairs = add_practitioner("Stu Stairs", [HERE], ["mesotherapy"], CHECKED)
    stairs.clinics[0].step_free = False
    stairs.languages = ["pl"]
    # Step-free at the second of two clinics still counts.
    second = add_practitioner("Sal Second", [HERE, HERE], ["skin-boosters"], CHECKED)
    second.clinics[1].step_free = True
    add_practitioner("Una Unsaid", [HERE], ["mesotherapy"], CHECKED)
    db.session.commit()
    reindex()


def test_step_free_means_stated_yes_at_some_clinic(access):
    assert found(step_free=True) == ["rae-ramp", "sal-second"]
    assert found(step_free=True, language="pl") == ["rae-ramp"]
    assert find(step_free=False).facets["clinic"] == {"step_free": 2}


def test_language_filter_and_its_counts(access):
    assert found(language="pl") == ["rae-ramp", "stu-stairs"]
    assert found(language="bfi") == ["rae-ramp"]
    assert found(language="cy") == []
    results = find(language="pl", treatment="mesotherapy")
    assert results.facets["language"] == {"pl": 2, "bfi": 1}
    # Step-free counted among Polish speakers only; language ignores its own choice.
    assert results.facets["clinic"] == {"step_free": 1}
    assert find(step_free=True).facets["language"] == {"bfi": 1, "pl": 1}


def test_the_database_path_agrees_on_access_and_language(access):
    for options in (
        {"step_free": True},
        {"language": "pl"},
        {"language": "bfi", "step_free": True},
        {},
    ):
        query = search.SearchQuery(lat=HERE[0], lon=HERE[1], radius_miles=5, **options)
        engine = find(near=HERE, radius_miles=5, **options)
        database = fallback.search(query, TODAY)
        assert slugs(database) == slugs(engine), options
        assert database.facets == engine.facets, options


@pytest.fixture
def priced(reindex):
    for name, pence in (
        ("Cheap Chen", 9_900),
        ("Mid Mia", 20_000),
        ("Dear Dee", 45_000),
        ("Ask Ash", None),
    ):
        p = add_practitioner(name, [HERE], ["mesotherapy", "skin-boosters"], CHECKED)
        p.offers[0].price_from_pence = pence
        p.offers[1].price_from_pence = 1_000  # a cheap other treatment must not count
    db.session.commit()
    reindex()


def test_a_price_cap_applies_to_the_chosen_treatment_only(priced):
    assert found(treatment="mesotherapy", max_price_pence=20_000) == ["cheap-chen", "mid-mia"]
    assert found(treatment="mesotherapy", max_price_pence=20_000 - 1) == ["cheap-chen"]
    assert found(treatment="skin-boosters", max_price_pence=1_000) == [
        "ask-ash",
        "cheap-chen",
        "dear-dee",
        "mid-mia",
    ]
    query = search.SearchQuery(
        lat=HERE[0], lon=HERE[1], radius_miles=5, treatment="mesotherapy", max_price_pence=20_000
    )
    engine = find(near=HERE, radius_miles=5, treatment="mesotherapy", max_price_pence=20_000)
    database = fallback.search(query, TODAY)
    assert slugs(database) == slugs(engine) == ["cheap-chen", "mid-mia"]
    assert database.facets == engine.facets
    # Other treatments are counted without the chosen one and its price cap.
    assert engine.facets["treatment"] == {"mesotherapy": 4, "skin-boosters": 4}
