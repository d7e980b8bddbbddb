"""Admins' decisions on clinic registrations: the queue, approve, reject and revoke.

The same rules as credential decisions (``verification``): only an admin decides, never
on a clinic where a profile their own account owns works; each decision is a
conditional UPDATE on the state and the reviewed number and evidence, so of two admins
exactly one wins; it is audited and re-indexes the clinic's practitioners in the same
transaction, and the practitioners are emailed once it is committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import update

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import Account, AuditEntry, ClaimStatus, ClinicRegistration
from directory.services import Forbidden, decisions, registration_notices
from directory.services.approval import MAX_NOTE, DecisionError
from directory.services.decisions import MAX_VALIDITY_YEARS, add_months, checked_reason
from directory.services.registrations import ENTITY, record, state

RENEWAL_MONTHS = 12  # the suggested validity: regulators' annual fees and returns


@dataclass(frozen=True)
class Queue:
    registrations: list[ClinicRegistration]
    total: int


def version_of(registration: ClinicRegistration) -> str:
    """A fingerprint of what the admin reviewed (number, authority, evidence file): a
    decision made on an older version is refused."""
    return decisions.fingerprint(
        registration.id, registration.number, registration.authority, registration.evidence_path
    )


def pending_queue(limit: int = 100) -> Queue:
    """Pending registrations, oldest first; read only."""
    query = db.select(ClinicRegistration).where(ClinicRegistration.status == ClaimStatus.PENDING)
    total = db.session.scalar(query.with_only_columns(db.func.count(ClinicRegistration.id)))
    rows = db.session.scalars(
        query.order_by(ClinicRegistration.submitted_at, ClinicRegistration.id).limit(limit)
    )
    return Queue(list(rows), total or 0)


def get(registration_id: int) -> ClinicRegistration:
    """The registration, whatever its status; raises ``NotFound``."""
    return decisions.get(ClinicRegistration, registration_id, "registration")


def history(registration: ClinicRegistration) -> list[AuditEntry]:
    """Everything the audit log holds about this registration, oldest first."""
    return decisions.history(ENTITY, registration.id)


def default_valid_until(today: date) -> date:
    return add_months(today, RENEWAL_MONTHS)


def check_may_decide(admin: Account, registration: ClinicRegistration) -> None:
    """Raise ``Forbidden`` unless ``admin`` may decide ``registration``."""
    if not admin.is_admin:
        raise Forbidden("Only an admin can decide a registration.")
    if any(p.owner_id == admin.id for p in registration.clinic.practitioners):
        raise Forbidden("You work at this clinic: ask another admin to decide.")


def approve(
    registration_id: int,
    admin: Account,
    valid_until: date | None,
    today: date,
    *,
    seen: str,
    note: str,
) -> ClinicRegistration:
    """Mark a pending registration verified until ``valid_until``, with the admin's
    ``note`` of what the regulator's register showed; commits.

    Raises ``NotFound``, ``Forbidden``, ``DecisionError`` (no note, no date, a date not
    after ``today`` or over five years ahead), ``ChangedSinceReview``, ``AlreadyDecided``.
    """
    registration = get(registration_id)
    check_may_decide(admin, registration)
    text = " ".join((note or "").split())
    if not 3 <= len(text) <= MAX_NOTE:
        raise DecisionError("Say what the register showed (a short note).", "note")
    if valid_until is None or valid_until <= today:
        raise DecisionError("The 'valid until' date must be after today.", "valid_until")
    if valid_until > add_months(today, 12 * MAX_VALIDITY_YEARS):
        raise DecisionError(f"Approve for at most {MAX_VALIDITY_YEARS} years.", "valid_until")
    _decide(
        registration,
        admin,
        seen,
        ClaimStatus.PENDING,
        ClaimStatus.VERIFIED,
        {"reason": None, "expires_on": valid_until, "register_note": text},
        text,
    )
    return registration


def reject(registration_id: int, admin: Account, reason: str, *, seen: str) -> ClinicRegistration:
    """Mark a pending registration rejected with a reason; commits. Raises as ``approve``."""
    registration = get(registration_id)
    check_may_decide(admin, registration)
    why = checked_reason(reason)
    _decide(
        registration,
        admin,
        seen,
        ClaimStatus.PENDING,
        ClaimStatus.REJECTED,
        {"reason": why, "expires_on": None},
        why,
    )
    return registration


def revoke(registration_id: int, admin: Account, reason: str, *, seen: str) -> ClinicRegistration:
    """Withdraw a verified registration (cancelled, suspended); commits."""
    registration = get(registration_id)
    check_may_decide(admin, registration)
    why = checked_reason(reason)
    _decide(
        registration, admin, seen, ClaimStatus.VERIFIED, ClaimStatus.REVOKED, {"reason": why}, why
    )
    return registration


def _decide(
    registration: ClinicRegistration,
    admin: Account,
    seen: str,
    expected: ClaimStatus,
    new: ClaimStatus,
    values: dict[str, Any],
    reason: str,
) -> None:
    before = state(registration)
    decisions.apply(
        registration,
        "registration",
        expected,
        seen,
        version_of(registration),
        update(ClinicRegistration)
        .where(
            ClinicRegistration.id == registration.id,
            ClinicRegistration.status == expected,
            ClinicRegistration.number == registration.number,
            ClinicRegistration.authority.is_not_distinct_from(registration.authority),
            ClinicRegistration.evidence_path.is_not_distinct_from(registration.evidence_path),
        )
        .values(status=new, decided_at=utcnow(), decided_by_id=admin.id, **values),
    )
    record(registration, f"registration.{new.value}", admin, before, state(registration), reason)
    db.session.commit()
    registration_notices.decided(registration)
