"""What every admin decision on a checked item (a credential claim, a clinic
registration) shares: the fingerprint of what was reviewed, the reason's rule, the
conditional update that lets exactly one of two admins win, and the item's history.

Nothing here commits: the decision modules (``verification``, ``registration_decisions``)
audit, commit and send mail.
"""

from __future__ import annotations

import calendar
import hashlib
from datetime import date
from typing import TypeVar

from sqlalchemy import Update

from directory.extensions import db
from directory.models import AuditEntry, ClaimStatus, ClinicRegistration, CredentialClaim
from directory.services import NotFound, ServiceError, guarded
from directory.services.approval import DecisionError

MIN_REASON = 5
MAX_REASON = 2000
MAX_VALIDITY_YEARS = 5

Checked = TypeVar("Checked", CredentialClaim, ClinicRegistration)


class AlreadyDecided(ServiceError):
    code = "already_decided"
    status = 409


class ChangedSinceReview(ServiceError):
    code = "changed_since_review"
    status = 409


def fingerprint(*reviewed: object) -> str:
    """A short fingerprint of what an admin reviews. A decision carries the fingerprint
    of the page the admin looked at; if the practitioner has changed the item since, the
    decision is refused, so a stale or replayed form can never verify what nobody checked.
    """
    seen = "\x00".join("" if part is None else str(part) for part in reviewed)
    return hashlib.sha256(seen.encode()).hexdigest()[:20]


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def checked_reason(reason: str) -> str:
    """``reason`` stripped; raises ``DecisionError`` unless it is a sensible length."""
    text = (reason or "").strip()
    if not MIN_REASON <= len(text) <= MAX_REASON:
        raise DecisionError(
            "Give a reason the practitioner will understand "
            f"({MIN_REASON} to {MAX_REASON} characters)."
        )
    return text


def get(model: type[Checked], item_id: int, what: str) -> Checked:
    """The ``model`` row (a ``what``), whatever its status; raises ``NotFound``."""
    found = db.session.get(model, item_id)
    if found is None:
        raise NotFound(f"There is no such {what}.")
    return found


def history(entity_type: str, entity_id: int) -> list[AuditEntry]:
    """Everything the audit log holds about one item, oldest first."""
    query = (
        db.select(AuditEntry)
        .where(AuditEntry.entity_type == entity_type, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    return list(db.session.scalars(query))


def apply(
    item: Checked, what: str, expected: ClaimStatus, seen: str, version: str, change: Update
) -> None:
    """Run ``change`` (an UPDATE of ``item`` guarded by its ``expected`` status and what
    was reviewed), then reload ``item``; not committed. Raises ``AlreadyDecided`` when
    the item is no longer ``expected`` or another change won, ``ChangedSinceReview``
    when ``seen`` is not its ``version`` (both rolled back)."""
    if item.status is not expected:
        raise AlreadyDecided(f"This {what} is already {item.status.value}.")
    if seen != version:
        raise ChangedSinceReview(
            f"The practitioner changed this {what} after you opened it: check it again."
        )
    guarded.change_once(
        change,
        item,
        AlreadyDecided(
            f"This {what} changed a moment ago (another admin, or the practitioner): reload it."
        ),
    )
