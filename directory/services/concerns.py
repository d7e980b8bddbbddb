"""Concerns about a listed practitioner: the public reports one, it lands open in the
admins' queue, and an admin resolves it with a note."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import joinedload

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import Account
from directory.models.concerns import Concern, ConcernReason, ConcernStatus
from directory.services import Forbidden, NotFound, ServiceError, audit, guarded
from directory.services.profiles import get_public_practitioner

MIN_DETAILS = 10
MAX_DETAILS = 3000


class ConcernError(ServiceError):
    code = "invalid_concern"


class ConcernClosed(ServiceError):
    code = "already_resolved"
    status = 409


def report(slug: str, reason: str, details: str, reporter_email: str | None = None) -> Concern:
    """Record an open concern about the published practitioner ``slug``, audit it, commit.

    Raises ``NotFound`` when the practitioner is not public and ``ConcernError`` when the
    reason is unknown or the details are too short or too long. The reporter is anonymous
    in the audit log; their email, if given, is kept only on the concern for a reply.
    """
    practitioner = get_public_practitioner(slug)
    try:
        why = ConcernReason(reason)
    except ValueError:
        raise ConcernError("Choose what your concern is about.") from None
    text = details.strip()
    if not MIN_DETAILS <= len(text) <= MAX_DETAILS:
        raise ConcernError(f"Tell us what happened in {MIN_DETAILS} to {MAX_DETAILS} characters.")
    email = (reporter_email or "").strip().lower() or None
    concern = Concern(practitioner=practitioner, reason=why, details=text, reporter_email=email)
    db.session.add(concern)
    db.session.flush()
    audit.record(
        "concern.report",
        "concern",
        concern.id,
        actor_label="public",
        practitioner_id=practitioner.id,
        after={"reason": why.value},
    )
    db.session.commit()
    return concern


def queue(status: ConcernStatus = ConcernStatus.OPEN, limit: int = 200) -> list[Concern]:
    """Concerns in ``status``: open ones oldest first (the queue), closed newest first."""
    order = Concern.created_at if status is ConcernStatus.OPEN else Concern.closed_at.desc()
    query = (
        db.select(Concern)
        .where(Concern.status == status)
        .options(joinedload(Concern.practitioner))
        .order_by(order, Concern.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def get(concern_id: int) -> Concern:
    """The concern; raises ``NotFound``."""
    concern = db.session.get(Concern, concern_id)
    if concern is None:
        raise NotFound("There is no such concern.")
    return concern


def resolve(concern_id: int, admin: Account, note: str) -> Concern:
    """Close an open concern with the admin's note; audits and commits.

    Raises ``Forbidden`` (not an admin), ``NotFound``, ``ConcernError`` (note too short
    or long) and ``ConcernClosed`` (someone closed it first).
    """
    if not admin.is_admin:
        raise Forbidden("Only an admin can resolve a concern.")
    concern = get(concern_id)
    text = (note or "").strip()
    if not MIN_DETAILS <= len(text) <= MAX_DETAILS:
        raise ConcernError(f"Write what was done, in {MIN_DETAILS} to {MAX_DETAILS} characters.")
    changed = guarded.changed_rows(
        update(Concern)
        .where(Concern.id == concern.id, Concern.status == ConcernStatus.OPEN)
        .values(status=ConcernStatus.CLOSED, closed_by_id=admin.id, closed_at=utcnow(),
                resolution=text)
    )
    if changed != 1:
        db.session.rollback()
        raise ConcernClosed("This concern has already been resolved.")
    db.session.refresh(concern)
    audit.record(
        "concern.resolve", "concern", concern.id, actor=admin,
        practitioner_id=concern.practitioner_id, before={"status": ConcernStatus.OPEN.value},
        after={"status": ConcernStatus.CLOSED.value}, reason=text,
    )
    db.session.commit()
    return concern


def for_practitioner(practitioner_id: int) -> list[Concern]:
    """Every concern about one practitioner, newest first."""
    query = (
        db.select(Concern)
        .where(Concern.practitioner_id == practitioner_id)
        .order_by(Concern.created_at.desc(), Concern.id.desc())
    )
    return list(db.session.scalars(query))
