"""Admins' decisions on credential claims: the queue, approve, reject and revoke.

Only an admin decides, and never on a claim on a profile their own account owns. A
decision is a conditional UPDATE (see ``guarded``), so when two admins decide the same
claim at once exactly one wins and the other gets ``AlreadyDecided``. Each decision
writes its audit entry and queues the practitioner for re-indexing in the same
transaction as the change; the owner is emailed the outcome once it is committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import joinedload

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import (
    Account,
    AccreditationBody,
    AuditEntry,
    ClaimStatus,
    CredentialClaim,
)
from directory.services import (
    Forbidden,
    approval,
    audit,
    decisions,
    notices,
    outbox,
)
from directory.services.approval import DecisionError
from directory.services.approval import RegisterEntry as RegisterEntry  # for callers
from directory.services.decisions import MAX_VALIDITY_YEARS, checked_reason

# Shared with every decision (``decisions``); named here too for callers.
from directory.services.decisions import AlreadyDecided as AlreadyDecided
from directory.services.decisions import ChangedSinceReview as ChangedSinceReview
from directory.services.decisions import add_months as add_months


def version_of(claim: CredentialClaim) -> str:
    """A short fingerprint of what an admin reviews (the number and the evidence file).

    A decision carries the fingerprint of the page the admin looked at; if the
    practitioner has changed the claim since, the decision is refused, so a stale or
    replayed form can never verify a number nobody checked.
    """
    return decisions.fingerprint(claim.id, claim.number, claim.evidence_path)


@dataclass(frozen=True)
class Queue:
    claims: list[CredentialClaim]
    total: int


def default_valid_until(body: AccreditationBody, today: date) -> date:
    """The suggested expiry of a new approval: one renewal period of the body from today."""
    return add_months(today, body.renewal_months or 12)


def pending_queue(body_slug: str | None = None, limit: int = 100) -> Queue:
    """Pending claims, oldest first, optionally for one body (by slug); read only."""
    query = db.select(CredentialClaim).where(CredentialClaim.status == ClaimStatus.PENDING)
    if body_slug:
        query = query.join(CredentialClaim.body).where(AccreditationBody.slug == body_slug)
    total = db.session.scalar(query.with_only_columns(db.func.count(CredentialClaim.id))) or 0
    rows = db.session.scalars(
        query.options(joinedload(CredentialClaim.practitioner))
        .order_by(CredentialClaim.submitted_at, CredentialClaim.id)
        .limit(limit)
    )
    return Queue(list(rows), total)


def get_claim(claim_id: int) -> CredentialClaim:
    """The claim, whatever its status; raises ``NotFound``."""
    return decisions.get(CredentialClaim, claim_id, "claim")


def claim_history(claim: CredentialClaim) -> list[AuditEntry]:
    """Everything the audit log holds about this claim, oldest first."""
    return decisions.history("credential_claim", claim.id)


def check_may_decide(admin: Account, claim: CredentialClaim) -> None:
    """Raise ``Forbidden`` unless ``admin`` may decide ``claim``."""
    if not admin.is_admin:
        raise Forbidden("Only an admin can decide a claim.")
    if claim.practitioner.owner_id == admin.id:
        raise Forbidden("You cannot decide a claim on your own profile; ask another admin.")


def approve(
    claim_id: int,
    admin: Account,
    valid_until: date | None,
    today: date,
    *,
    seen: str,
    register: approval.RegisterEntry,
) -> CredentialClaim:
    """Mark a pending claim verified until ``valid_until`` with what the admin saw on
    the ``register``; commits. ``seen`` is the ``version_of`` the claim the admin
    reviewed. The audit entry carries the note, conditions and prescriber record.

    Raises ``NotFound``, ``Forbidden``, ``DecisionError`` (no date, or a date not after
    ``today`` or more than five years ahead; no note; a prescriber record for a body
    that is not a statutory regulator), ``ChangedSinceReview`` and ``AlreadyDecided``.
    """
    claim = get_claim(claim_id)
    check_may_decide(admin, claim)
    entry = approval.checked_entry(claim, register)
    if valid_until is None:
        raise DecisionError("Give the date until which this credential is valid.")
    if valid_until <= today:
        raise DecisionError("The 'valid until' date must be after today.")
    if valid_until > add_months(today, 12 * MAX_VALIDITY_YEARS):
        raise DecisionError(f"A credential can be approved for at most {MAX_VALIDITY_YEARS} years.")
    _decide(claim, admin, seen, ClaimStatus.PENDING, ClaimStatus.VERIFIED, None, valid_until, entry)
    return claim


def reject(claim_id: int, admin: Account, reason: str, *, seen: str) -> CredentialClaim:
    """Mark a pending claim rejected with a reason the practitioner sees; commits.

    Raises ``NotFound``, ``Forbidden``, ``DecisionError`` (reason too short or long),
    ``ChangedSinceReview`` and ``AlreadyDecided``.
    """
    claim = get_claim(claim_id)
    check_may_decide(admin, claim)
    why = checked_reason(reason)
    _decide(claim, admin, seen, ClaimStatus.PENDING, ClaimStatus.REJECTED, why, None, None)
    return claim


def revoke(claim_id: int, admin: Account, reason: str, *, seen: str) -> CredentialClaim:
    """Withdraw a verified credential (struck off, membership ended); commits.

    Raises ``NotFound``, ``Forbidden``, ``DecisionError``, ``ChangedSinceReview`` and
    ``AlreadyDecided`` (the claim is not verified any more).
    """
    claim = get_claim(claim_id)
    check_may_decide(admin, claim)
    why = checked_reason(reason)
    _decide(
        claim, admin, seen, ClaimStatus.VERIFIED, ClaimStatus.REVOKED, why, claim.expires_on, None
    )
    return claim


def _state(claim: CredentialClaim) -> dict[str, Any]:
    state: dict[str, Any] = {
        "status": claim.status.value,
        "expires_on": claim.expires_on.isoformat() if claim.expires_on else None,
        "reason": claim.reason,
    }
    if claim.status is ClaimStatus.VERIFIED:
        state.update(
            register_note=claim.register_note,
            register_conditions=claim.register_conditions or None,
            prescriber=claim.prescriber,
        )
    return state


def _decide(
    claim: CredentialClaim,
    admin: Account,
    seen: str,
    expected: ClaimStatus,
    new: ClaimStatus,
    reason: str | None,
    expires_on: date | None,
    register: approval.RegisterEntry | None,
) -> None:
    before = _state(claim)
    values = {
        "status": new,
        "reason": reason,
        "expires_on": expires_on,
        "decided_at": utcnow(),
        "decided_by_id": admin.id,
    }
    if register is not None:
        values.update(
            register_note=register.note,
            register_conditions=register.conditions or None,
            prescriber=register.prescriber,
        )
    decisions.apply(
        claim,
        "claim",
        expected,
        seen,
        version_of(claim),
        update(CredentialClaim)
        .where(
            CredentialClaim.id == claim.id,
            CredentialClaim.status == expected,
            # and still what was reviewed, should the practitioner change it meanwhile
            CredentialClaim.number == claim.number,
            CredentialClaim.evidence_path.is_not_distinct_from(claim.evidence_path),
        )
        .values(**values),
    )
    if new is ClaimStatus.VERIFIED and claim.renews_id is not None:
        approval.retire_renewed(claim, admin)
    audit.record(
        f"claim.{new.value}",
        "credential_claim",
        claim.id,
        actor=admin,
        practitioner_id=claim.practitioner_id,
        before=before,
        after=_state(claim),
        reason=reason if register is None else register.note,
    )
    outbox.mark_practitioner(claim.practitioner_id)
    db.session.commit()
    notices.claim_decided(claim)


def expiring_within(days: int, today: date) -> int:
    """How many verified claims expire in the next ``days`` days (today included)."""
    return (
        db.session.scalar(
            db.select(db.func.count(CredentialClaim.id)).where(
                CredentialClaim.is_current(today),
                CredentialClaim.expires_on <= today + timedelta(days=days),
            )
        )
        or 0
    )
