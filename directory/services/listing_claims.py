"""Claiming an existing listing: a practitioner asks, an admin approves or refuses.

A listing (a seeded or imported practitioner with no owner) passes to an account only
through ``approve_listing_claim``, called by an admin. An account can own one profile,
so approval fails if the account has made or been given one in the meantime.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import Account, Practitioner, Role
from directory.models.listing_claims import (
    MAX_OPEN_PER_ACCOUNT,
    ListingClaim,
    ListingClaimStatus,
)
from directory.services import Forbidden, NotFound, ServiceError, audit, guarded, notices, outbox
from directory.services.ownership import profile_of

SEARCH_LIMIT = 20
TOO_MANY = (
    f"You already have {MAX_OPEN_PER_ACCOUNT} listing claims waiting for an admin. "
    "Withdraw one, or wait for a decision, before claiming another."
)
MAX_REASON = 500  # the column's size


class ListingClaimError(ServiceError):
    code = "invalid_listing_claim"
    status = 409


def claimable(name: str) -> list[Practitioner]:
    """Published listings without an owner whose name contains ``name`` (at least 3
    characters). Drafts and suspended listings are never offered."""
    words = name.strip()
    if len(words) < 3:
        return []
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    query = (
        db.select(Practitioner)
        .where(Practitioner.owner_id.is_(None))
        .where(Practitioner.is_public)
        .where(Practitioner.display_name.ilike(f"%{escaped}%", escape="\\"))
        .order_by(Practitioner.display_name)
        .limit(SEARCH_LIMIT)
    )
    return list(db.session.scalars(query))


def claims_by(account: Account) -> list[ListingClaim]:
    query = (
        db.select(ListingClaim)
        .filter_by(account_id=account.id)
        .order_by(ListingClaim.created_at.desc())
    )
    return list(db.session.scalars(query))


def request_listing_claim(account: Account, practitioner_id: int, message: str) -> ListingClaim:
    """Ask to take over an unowned listing; commits.

    Raises ``NotFound`` (no such listing, not published, or it has an owner),
    ``ListingClaimError`` (unverified email, already has a profile, already asked for
    this one, or ``MAX_OPEN_PER_ACCOUNT`` claims already waiting).
    """
    if account.role is not Role.PRACTITIONER or not account.email_verified:
        raise ListingClaimError("Verify your email address before claiming a listing.")
    if profile_of(account) is not None:
        raise ListingClaimError("You already have a profile.")
    listing = db.session.get(Practitioner, practitioner_id)
    if listing is None or listing.owner_id is not None or not listing.is_public:
        raise NotFound("That listing cannot be claimed.")
    waiting = db.session.execute(
        db.select(ListingClaim.practitioner_id, ListingClaim.slot).filter_by(
            account_id=account.id, status=ListingClaimStatus.PENDING
        )
    ).all()
    if any(row.practitioner_id == listing.id for row in waiting):
        raise ListingClaimError("You have already asked to claim this listing.")
    taken = {row.slot for row in waiting}
    free = [n for n in range(1, MAX_OPEN_PER_ACCOUNT + 1) if n not in taken]
    if not free:
        raise ListingClaimError(TOO_MANY)
    claim = ListingClaim(
        account_id=account.id,
        practitioner_id=listing.id,
        message=message.strip()[:2000],
        slot=free[0],
    )
    db.session.add(claim)
    try:
        db.session.flush()
    except IntegrityError as exc:
        # A parallel request took this listing or the slot (the database's unique rules).
        db.session.rollback()
        raise ListingClaimError(
            "You have already asked to claim this listing, or have "
            f"{MAX_OPEN_PER_ACCOUNT} claims waiting; see them below."
        ) from exc
    audit.record(
        "listing_claim.request",
        "listing_claim",
        claim.id,
        actor=account,
        practitioner_id=listing.id,
        after={"account": account.email, "status": claim.status.value},
    )
    db.session.commit()
    return claim


def _pending(claim_id: int, admin: Account) -> ListingClaim:
    if not admin.is_admin:
        raise Forbidden("Only an admin can decide a listing claim.")
    claim = db.session.get(ListingClaim, claim_id)
    if claim is None:
        raise NotFound("No such listing claim.")
    if claim.status is not ListingClaimStatus.PENDING:
        raise ListingClaimError(f"This claim has already been {claim.status.value}.")
    return claim


def _decide(
    claim: ListingClaim, admin: Account, status: ListingClaimStatus, reason: str | None
) -> bool:
    """Move a pending claim to ``status`` and audit it (not committed); False when it
    was no longer pending (another admin decided it a moment ago)."""
    changed = guarded.changed_rows(
        update(ListingClaim)
        .where(ListingClaim.id == claim.id, ListingClaim.status == ListingClaimStatus.PENDING)
        .values(status=status, reason=reason, decided_by_id=admin.id, decided_at=utcnow())
    )
    if changed != 1:
        return False
    db.session.refresh(claim)
    audit.record(
        f"listing_claim.{status.value}",
        "listing_claim",
        claim.id,
        actor=admin,
        practitioner_id=claim.practitioner_id,
        before={"status": ListingClaimStatus.PENDING.value},
        after={"status": status.value},
        reason=reason,
    )
    return True


def _lost_race() -> ListingClaimError:
    db.session.rollback()
    return ListingClaimError("Another admin decided this a moment ago; reload to see it.")


def approve_listing_claim(claim_id: int, admin: Account) -> ListingClaim:
    """Give the listing to the claiming account and commit; other pending claims on the
    listing are refused in the same transaction.

    Raises ``Forbidden`` (not an admin), ``NotFound``, ``ListingClaimError`` (decided
    already, the listing has an owner, or the account already has a profile).
    """
    claim = _pending(claim_id, admin)
    listing = claim.practitioner
    if listing.owner_id is not None:
        raise ListingClaimError("This listing already has an owner; refuse the claim instead.")
    if profile_of(claim.account) is not None:
        raise ListingClaimError("This account already has a profile; refuse the claim instead.")
    given = guarded.changed_rows(
        update(Practitioner)
        .where(Practitioner.id == listing.id, Practitioner.owner_id.is_(None))
        .values(owner_id=claim.account_id)
    )
    if given != 1 or not _decide(claim, admin, ListingClaimStatus.APPROVED, None):
        raise _lost_race()
    db.session.refresh(listing)
    audit.record(
        "profile.owner_set",
        "practitioner",
        listing.id,
        actor=admin,
        practitioner_id=listing.id,
        before={"owner_id": None},
        after={"owner_id": claim.account_id},
    )
    rivals = db.select(ListingClaim).where(
        ListingClaim.status == ListingClaimStatus.PENDING,
        ListingClaim.id != claim.id,
        (ListingClaim.practitioner_id == listing.id)
        | (ListingClaim.account_id == claim.account_id),
    )
    refused = [
        other
        for other in db.session.scalars(rivals)
        if _decide(other, admin, ListingClaimStatus.REFUSED, "Another claim was approved.")
    ]
    outbox.mark_practitioner(listing.id)
    db.session.commit()
    for decided in (claim, *refused):
        notices.listing_claim_decided(decided)
    return claim


def refuse_listing_claim(claim_id: int, admin: Account, reason: str) -> ListingClaim:
    """Refuse a pending claim with a reason the claimant will see; commits.

    Raises ``Forbidden``, ``NotFound``, ``ServiceError`` (no reason, or over ``MAX_REASON``)
    and ``ListingClaimError`` (decided already).
    """
    if not reason.strip():
        raise ServiceError("Give the reason the claim is refused.")
    if len(reason.strip()) > MAX_REASON:
        # Refused, not cut: the claimant is emailed this reason word for word.
        raise ServiceError(f"Keep the reason under {MAX_REASON} characters.")
    claim = _pending(claim_id, admin)
    if not _decide(claim, admin, ListingClaimStatus.REFUSED, reason.strip()):
        raise _lost_race()
    db.session.commit()
    notices.listing_claim_decided(claim)
    return claim
