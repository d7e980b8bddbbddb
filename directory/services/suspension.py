"""Suspending and reinstating a practitioner's profile (admins only).

A suspended profile leaves search at once: the finder drops any hit whose profile is no
longer published when it loads the page, and the outbox row written in the same
transaction takes it out of the index. Suspension also ends every session of the
owning account. Reinstating returns the profile to the state it was suspended from.
Both email the owner the reason and where to reply, once committed.
"""

from __future__ import annotations

from sqlalchemy import update

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import Account, Practitioner, PublicationState
from directory.services import (
    Forbidden,
    NotFound,
    ServiceError,
    audit,
    guarded,
    notices,
    outbox,
)
from directory.services.decisions import checked_reason


class SuspensionError(ServiceError):
    code = "invalid_suspension"
    status = 409


CHANGED = "This profile changed a moment ago; reload it."


def _practitioner(practitioner_id: int, admin: Account) -> Practitioner:
    if not admin.is_admin:
        raise Forbidden("Only an admin can suspend or reinstate a profile.")
    practitioner = db.session.get(Practitioner, practitioner_id)
    if practitioner is None:
        raise NotFound("There is no such practitioner.")
    if practitioner.owner_id == admin.id:
        raise Forbidden("You cannot suspend or reinstate your own profile; ask another admin.")
    return practitioner


def suspend(practitioner_id: int, admin: Account, reason: str) -> Practitioner:
    """Suspend the profile and end its owner's sessions; commits.

    Raises ``Forbidden``, ``NotFound``, ``DecisionError`` (no reason) and
    ``SuspensionError`` (already suspended).
    """
    practitioner = _practitioner(practitioner_id, admin)
    why = checked_reason(reason)
    if practitioner.state is PublicationState.SUSPENDED:
        raise SuspensionError("This profile is already suspended.")
    before = {"state": practitioner.state.value}
    # Only from the state read here, so an owner's publish or unpublish racing this
    # suspension cannot undo it (theirs is guarded the same way).
    guarded.change_once(
        update(Practitioner)
        .where(Practitioner.id == practitioner.id, Practitioner.state == practitioner.state)
        .values(
            state=PublicationState.SUSPENDED,
            suspended_from=practitioner.state,
            suspension_reason=why,
            suspended_at=utcnow(),
        ),
        practitioner,
        SuspensionError(CHANGED),
    )
    if practitioner.owner is not None:
        practitioner.owner.session_generation += 1
    audit.record(
        "profile.suspend",
        "practitioner",
        practitioner.id,
        actor=admin,
        practitioner_id=practitioner.id,
        before=before,
        after={"state": PublicationState.SUSPENDED.value},
        reason=why,
    )
    outbox.mark_practitioner(practitioner.id)
    db.session.commit()
    notices.suspension_changed(practitioner, True, why)
    return practitioner


def reinstate(practitioner_id: int, admin: Account, reason: str) -> Practitioner:
    """Lift a suspension, back to the state the profile was suspended from; commits.

    Raises ``Forbidden``, ``NotFound``, ``DecisionError`` (no reason) and
    ``SuspensionError`` (not suspended).
    """
    practitioner = _practitioner(practitioner_id, admin)
    why = checked_reason(reason)
    if practitioner.state is not PublicationState.SUSPENDED:
        raise SuspensionError("This profile is not suspended.")
    back_to = practitioner.suspended_from or PublicationState.DRAFT
    guarded.change_once(
        update(Practitioner)
        .where(Practitioner.id == practitioner.id, Practitioner.state == PublicationState.SUSPENDED)
        .values(state=back_to, suspended_from=None, suspended_at=None, suspension_reason=None),
        practitioner,
        SuspensionError(CHANGED),
    )
    audit.record(
        "profile.reinstate",
        "practitioner",
        practitioner.id,
        actor=admin,
        practitioner_id=practitioner.id,
        before={"state": PublicationState.SUSPENDED.value},
        after={"state": practitioner.state.value},
        reason=why,
    )
    outbox.mark_practitioner(practitioner.id)
    db.session.commit()
    notices.suspension_changed(practitioner, False, why)
    return practitioner
