"""Admins' view of every listing, whatever its state: find one, and see it whole."""

from __future__ import annotations

from sqlalchemy.orm import joinedload, selectinload

from directory.extensions import db
from directory.models import (
    Account,
    ListingClaim,
    ListingClaimStatus,
    Practitioner,
    PublicationState,
)
from directory.services import NotFound

PER_PAGE = 50


def find(text: str | None, state: str | None, page: int = 1) -> tuple[list[Practitioner], int]:
    """Listings whose name, slug or owner's email contains ``text``, optionally in one
    publication state, by name; one page and the total. Unknown states match nothing."""
    query = db.select(Practitioner).outerjoin(Account, Practitioner.owner_id == Account.id)
    if text and text.strip():
        words = text.strip()
        query = query.where(
            Practitioner.display_name.icontains(words, autoescape=True)
            | Practitioner.slug.icontains(words, autoescape=True)
            | Account.email.icontains(words, autoescape=True)
        )
    if state:
        if state not in {s.value for s in PublicationState}:
            return [], 0
        query = query.where(Practitioner.state == PublicationState(state))
    total = db.session.scalar(query.with_only_columns(db.func.count(Practitioner.id))) or 0
    rows = db.session.scalars(
        query.options(selectinload(Practitioner.clinics), joinedload(Practitioner.owner))
        .order_by(Practitioner.display_name, Practitioner.id)
        .offset((max(page, 1) - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    return list(rows), total


def get(practitioner_id: int) -> Practitioner:
    """Any listing by id, whatever its state; raises ``NotFound``."""
    practitioner = db.session.get(Practitioner, practitioner_id)
    if practitioner is None:
        raise NotFound("There is no such practitioner.")
    return practitioner


def pending_listing_claims(limit: int = 100) -> list[ListingClaim]:
    """Requests to take over a listing that wait for an admin, oldest first (at most
    ``limit``; the page says when there are more)."""
    query = (
        db.select(ListingClaim)
        .where(ListingClaim.status == ListingClaimStatus.PENDING)
        .options(
            joinedload(ListingClaim.account),
            joinedload(ListingClaim.practitioner).joinedload(Practitioner.regulator),
        )
        .order_by(ListingClaim.created_at, ListingClaim.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))
