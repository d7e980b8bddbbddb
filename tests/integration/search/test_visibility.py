"""Only what the public may see: published profiles, and badges that are current today."""

from __future__ import annotations

import pytest

from directory import search
from directory.extensions import db
from directory.models import Practitioner, PublicationState
from directory.services import finder, outbox

from ._support import (
    LEEDS,
    NEXT_YEAR,
    TODAY,
    TOMORROW,
    YESTERDAY,
    add_practitioner,
    find,
    found,
    offset,
    point_of,
)

HERE = point_of(LEEDS)


@pytest.fixture
def states(reindex):
    for name, state in (
        ("Pia Smith", "published"),
        ("Dora Smith", "draft"),
        ("Sam Smith", "suspended"),
    ):
        add_practitioner(name, [offset(HERE, 1, 90)], ["prp"], [("jccp", NEXT_YEAR)], state=state)
    reindex()


def test_unpublished_and_suspended_profiles_are_never_indexed(states):
    assert found("smith") == ["pia-smith"]
    assert found(treatment="prp", near=HERE, radius_miles=5) == ["pia-smith"]
    assert find("smith").facets["accreditation"] == {"jccp": 1}
    # Asking the indexer for them explicitly changes nothing.
    ids = db.session.scalars(db.select(Practitioner.id)).all()
    assert search.index_practitioners(ids) == 1
    assert found("smith") == ["pia-smith"]


def test_a_suspension_hides_the_profile_at_once_and_leaves_the_index_next(states):
    pia = db.session.scalar(db.select(Practitioner).filter_by(slug="pia-smith"))
    pia.state = PublicationState.SUSPENDED
    outbox.mark_practitioner(pia.id)  # as the suspension service does, in the same commit
    db.session.commit()

    # The index has not caught up yet, but the page never shows the profile.
    assert found("smith") == ["pia-smith"]
    page = finder.find(None, None, None, 10, None, None, "smith", None, 1, 20, today=TODAY)
    assert page.items == []

    assert search.apply_outbox() == 1
    assert found("smith") == []
    assert find("smith").total == 0


def test_republishing_brings_a_profile_back(states):
    dora = db.session.scalar(db.select(Practitioner).filter_by(slug="dora-smith"))
    dora.state = PublicationState.PUBLISHED
    outbox.mark_practitioner(dora.id)
    db.session.commit()
    search.apply_outbox()
    assert sorted(found("smith")) == ["dora-smith", "pia-smith"]


def test_expired_badges_are_invisible_before_any_expiry_job(reindex):
    add_practitioner(
        "Eve Expired",
        [HERE],
        ["prp"],
        [
            ("gmc", NEXT_YEAR),
            ("jccp", YESTERDAY),
            ("save-face", TODAY),
            ("smuk", None, "pending"),
        ],
        profession="doctor",
    )
    reindex()

    def shown(day):
        result = finder.find(None, *HERE, 10, None, None, None, None, 1, 20, today=day)
        (item,) = result.items
        return sorted(c.body.slug for c in item.credentials), result.facets["accreditation"]

    assert shown(TODAY) == (["gmc", "save-face"], {"gmc": 1, "save-face": 1})
    assert shown(TOMORROW) == (["gmc"], {"gmc": 1})
    assert shown(YESTERDAY) == (["gmc", "jccp", "save-face"], {"gmc": 1, "jccp": 1, "save-face": 1})
    # The accreditation filter agrees with the badges shown.
    assert found(accreditation="jccp") == []
    assert found(accreditation="jccp", today=YESTERDAY) == ["eve-expired"]
    assert found(accreditation="smuk") == []
