"""Filters (treatment, current accreditation, profession) and the facet counts."""

from __future__ import annotations

import pytest

from directory import search
from directory.extensions import db
from directory.models import Practitioner

from ._support import (
    LEEDS,
    NEXT_YEAR,
    TODAY,
    TOMORROW,
    YESTERDAY,
    add_practitioner,
    find,
    found,
    point_of,
)

HERE = point_of(LEEDS)
EMPTY = {"treatment": {}, "accreditation": {}, "profession": {}, "language": {}, "clinic": {}}


@pytest.fixture
def mixed(reindex):
    add_practitioner(
        "Nina Nurse",
        [HERE],
        ["mesotherapy", "skin-boosters"],
        [("nmc", NEXT_YEAR), ("jccp", None)],
        profession="nurse",
    )
    add_practitioner(
        "Dan Doctor",
        [HERE],
        ["anti-wrinkle-injections", "dermal-fillers"],
        [("gmc", NEXT_YEAR), ("save-face", YESTERDAY)],
        profession="doctor",
    )
    # Pending and "expires today" (still current on its last day).
    add_practitioner(
        "Pam Pharmacist",
        [HERE],
        ["mesotherapy"],
        [("gphc", NEXT_YEAR, "pending"), ("jccp", TODAY)],
        profession="pharmacist",
    )
    add_practitioner(
        "Olly Other",
        [HERE],
        ["mesotherapy", "anti-wrinkle-injections"],
        [("save-face", NEXT_YEAR, "expired"), ("smuk", NEXT_YEAR, "rejected")],
        profession="other",
    )
    # A regulator's badge past its date, though no expiry job has changed its status.
    add_practitioner(
        "Dee Dentist", [HERE], ["dermal-fillers"], [("gdc", YESTERDAY)], profession="dentist"
    )
    reindex()


def test_treatment_filter(mixed):
    # Checked practitioners first (Olly has no current credential), by name within each.
    assert found(treatment="mesotherapy") == ["nina-nurse", "pam-pharmacist", "olly-other"]
    assert found(treatment="dermal-fillers") == ["dan-doctor", "dee-dentist"]
    assert found(treatment="no-such-treatment") == []


def test_accreditation_filter_counts_only_verified_unexpired_credentials(mixed):
    assert found(accreditation="jccp") == ["nina-nurse", "pam-pharmacist"]
    assert found(accreditation="gmc") == ["dan-doctor"]
    # Expired by date (no job has run), marked expired, rejected, pending: none count.
    assert found(accreditation="save-face") == []
    assert found(accreditation="gdc") == []
    assert found(accreditation="smuk") == []
    assert found(accreditation="gphc") == []


def test_a_badge_stops_counting_the_day_after_it_expires(mixed):
    assert found(accreditation="jccp", today=TOMORROW) == ["nina-nurse"]
    assert found(accreditation="gmc", today=NEXT_YEAR) == ["dan-doctor"]
    assert found(accreditation="gmc", today=NEXT_YEAR.replace(year=NEXT_YEAR.year + 1)) == []


def test_profession_filter_and_statutory_regulation(mixed):
    # Only a profession its regulator confirms: Dee's GDC entry is past its date and
    # Pam's GPhC claim is pending, so neither is a dentist or pharmacist as far as we know.
    assert found(profession="nurse") == ["nina-nurse"]
    assert found(profession="doctor") == ["dan-doctor"]
    assert found(profession="dentist") == []
    assert found(profession="pharmacist") == []
    # Regulated: a current badge from a statutory regulator (GMC, NMC, GDC, GPhC).
    assert found(profession="regulated") == ["dan-doctor", "nina-nurse"]


def test_filters_combine(mixed):
    assert sorted(found("meso", treatment="mesotherapy", accreditation="jccp")) == [
        "nina-nurse",
        "pam-pharmacist",
    ]
    assert found(treatment="mesotherapy", profession="regulated") == ["nina-nurse"]
    assert found(treatment="dermal-fillers", profession="regulated", near=HERE, radius_miles=5) == [
        "dan-doctor"
    ]


def test_facet_counts_for_the_whole_result_set(mixed):
    facets = find(near=HERE, radius_miles=10).facets
    assert list(facets["treatment"].items()) == [
        ("mesotherapy", 3),
        ("anti-wrinkle-injections", 2),
        ("dermal-fillers", 2),
        ("skin-boosters", 1),
    ]
    assert list(facets["accreditation"].items()) == [("jccp", 2), ("gmc", 1), ("nmc", 1)]
    # Professions count only where the regulator's entry is checked and current.
    assert facets["profession"] == {"regulated": 2, "doctor": 1, "nurse": 1}


def test_each_facet_ignores_its_own_filter_but_not_the_others(mixed):
    """What choosing another value would give: the page's facet links replace the filter."""
    facets = find(treatment="mesotherapy", accreditation="jccp").facets
    # Treatments among jccp holders (any treatment); bodies among mesotherapists.
    assert facets["treatment"] == {"mesotherapy": 2, "skin-boosters": 1}
    assert facets["accreditation"] == {"jccp": 2, "nmc": 1}
    assert facets["profession"] == {"nurse": 1, "regulated": 1}
    # Choosing the counted value gives exactly that count.
    assert len(found(treatment="skin-boosters", accreditation="jccp")) == 1
    assert len(found(treatment="mesotherapy", accreditation="nmc")) == 1

    by_profession = find(profession="regulated").facets
    # Pam is not counted as a pharmacist: her GPhC claim is still pending.
    assert "pharmacist" not in by_profession["profession"]
    assert by_profession["profession"]["regulated"] == 2
    assert by_profession["treatment"] == {
        "anti-wrinkle-injections": 1,
        "dermal-fillers": 1,
        "mesotherapy": 1,
        "skin-boosters": 1,
    }


def test_facets_of_a_text_search_within_a_radius(mixed):
    add_practitioner("Far Nurse", [(HERE[0] + 1.0, HERE[1])], ["mesotherapy"], [("nmc", None)])
    db.session.commit()
    search.index_practitioners(_ids())
    facets = find("mesotherapy", near=HERE, radius_miles=10).facets
    assert facets["treatment"]["mesotherapy"] == 3
    assert facets["accreditation"] == {"jccp": 2, "nmc": 1}
    assert find("mesotherapy").facets["accreditation"] == {"jccp": 2, "nmc": 2}


def test_no_results_no_facets(mixed):
    assert find("qwxzvbnm").facets == EMPTY
    assert find(treatment="prp").facets["treatment"] == {
        "mesotherapy": 3,
        "anti-wrinkle-injections": 2,
        "dermal-fillers": 2,
        "skin-boosters": 1,
    }


def _ids() -> list[int]:
    return list(db.session.scalars(db.select(Practitioner.id)))
