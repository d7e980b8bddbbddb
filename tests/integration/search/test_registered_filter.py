"""The "registered clinic" switch: a current, checked care-regulator registration of some
clinic; never a licence, a pending or lapsed one; never a reason to call anyone checked."""

from __future__ import annotations

import pytest

from directory import search
from directory.models import ClaimStatus, ClinicRegistration, RegistrationKind
from directory.search import fallback

from ._support import LEEDS, NEXT_YEAR, TODAY, TOMORROW, add_practitioner, find, point_of, slugs

HERE = point_of(LEEDS)
CHECKED = [("nmc", NEXT_YEAR)]


def _register(practitioner, status="verified", kind="regulator", expires=NEXT_YEAR):
    practitioner.clinics[0].registrations.append(
        ClinicRegistration(
            kind=RegistrationKind(kind),
            regulator="cqc" if kind == "regulator" else None,
            authority=None if kind == "regulator" else "Leeds City Council",
            number="1-123456789",
            status=ClaimStatus(status),
            expires_on=expires,
        )
    )


@pytest.fixture
def clinics(reindex):
    _register(add_practitioner("Reg Istered", [HERE], ["mesotherapy"], CHECKED))
    _register(add_practitioner("Ty Today", [HERE], ["mesotherapy"], CHECKED), expires=TODAY)
    _register(add_practitioner("Pen Ding", [HERE], ["mesotherapy"], CHECKED), "pending")
    _register(add_practitioner("Lee Licence", [HERE], ["mesotherapy"], CHECKED), kind="licence")
    _register(add_practitioner("Una Checked", [HERE], ["mesotherapy"]))  # no credential
    add_practitioner("Nora None", [HERE], ["mesotherapy"], CHECKED)
    reindex()


def test_only_checked_current_regulator_registrations_count(clinics):
    near = find(near=HERE, radius_miles=5, registered=True, checked="only")
    assert slugs(near) == ["reg-istered", "ty-today"]
    assert near.unchecked == 1  # Una: a registered clinic does not make her checked
    assert find(near=HERE, radius_miles=5, checked="only").facets["clinic"] == {"registered": 2}
    with_unchecked = find(near=HERE, radius_miles=5, registered=True, checked="any")
    assert slugs(with_unchecked) == ["reg-istered", "ty-today", "una-checked"]


def test_a_registration_lapses_the_day_after_its_date_without_reindexing(clinics):
    tomorrow = find(near=HERE, radius_miles=5, registered=True, checked="only", today=TOMORROW)
    assert slugs(tomorrow) == ["reg-istered"]


def test_the_database_path_agrees(clinics):
    for day in (TODAY, TOMORROW):
        query = search.SearchQuery(
            lat=HERE[0], lon=HERE[1], radius_miles=5, registered=True, checked="any"
        )
        engine = search.search(query, today=day)
        database = fallback.search(query, day)
        assert slugs(database) == slugs(engine)
        assert database.facets == engine.facets and database.unchecked == engine.unchecked
