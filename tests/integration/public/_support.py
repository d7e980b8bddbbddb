"""Finding demo practitioners in a particular state, for the public-site tests."""

from __future__ import annotations

from directory.extensions import db
from directory.models import Practitioner, PublicationState
from directory.services import profiles


def practitioner_in(state: PublicationState) -> Practitioner:
    found = db.session.scalars(
        db.select(Practitioner).filter_by(state=state).order_by(Practitioner.id)
    ).first()
    assert found is not None, f"the demo data has no {state} practitioner"
    return found


def published_counts() -> tuple[int, int]:
    """(checked, unchecked) published practitioners today, counted from the claims."""
    query = db.select(Practitioner).filter_by(state=PublicationState.PUBLISHED)
    checked = unchecked = 0
    for p in db.session.scalars(query):
        if profiles.current_badges(p):
            checked += 1
        else:
            unchecked += 1
    return checked, unchecked


def published_with_badges() -> Practitioner:
    """A published practitioner with a regulator number and at least one current badge."""
    query = (
        db.select(Practitioner)
        .filter_by(state=PublicationState.PUBLISHED)
        .order_by(Practitioner.id)
    )
    for p in db.session.scalars(query):
        if p.registration_number and p.offers and profiles.current_badges(p):
            return p
    raise AssertionError("the demo data has no published practitioner with a current badge")
