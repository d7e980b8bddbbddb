"""Concerns about a listed practitioner: the public reports one, it lands open in the
admins' queue, and an admin resolves it with a note."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, case, delete, update
from sqlalchemy.orm import joinedload

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import Account, Role
from directory.models.concerns import URGENT_REASONS, Concern, ConcernReason, ConcernStatus
from directory.services import Forbidden, NotFound, ServiceError, audit, guarded, mail
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


def send_notices(concern: Concern, admin_url: str) -> int:
    """After ``report`` committed: acknowledge to the reporter (when they gave an email)
    and, for an urgent concern, alert every active admin at once. Returns how many
    messages could not be sent (logged; the concern is saved and queued either way).

    Neither email carries what the reporter wrote: health details stay in the database.
    """
    failed = 0
    if concern.reporter_email:
        failed += not mail.deliver(
            concern.reporter_email,
            f"We have your concern, reference {concern.reference}",
            "email/concern_received",
            concern=concern,
        )
    if concern.urgent:
        admins = db.session.scalars(
            db.select(Account.email).where(Account.role == Role.ADMIN, Account.is_active)
        ).all()
        for email in admins:
            failed += not mail.deliver(
                email,
                f"Urgent concern {concern.reference}: please review now",
                "email/concern_alert",
                concern=concern,
                admin_url=admin_url,
            )
    return failed


def _urgent_first() -> ColumnElement[int]:
    return case((Concern.reason.in_([r.value for r in URGENT_REASONS]), 0), else_=1)


def queue(status: ConcernStatus = ConcernStatus.OPEN, limit: int = 200) -> list[Concern]:
    """Concerns in ``status``: open ones urgent first, then oldest first (the queue);
    closed ones newest first."""
    order = (
        (_urgent_first(), Concern.created_at)
        if status is ConcernStatus.OPEN
        else (Concern.closed_at.desc(),)
    )
    query = (
        db.select(Concern)
        .where(Concern.status == status)
        .options(joinedload(Concern.practitioner))
        .order_by(*order, Concern.id)
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
    guarded.change_once(
        update(Concern)
        .where(Concern.id == concern.id, Concern.status == ConcernStatus.OPEN)
        .values(
            status=ConcernStatus.CLOSED, closed_by_id=admin.id, closed_at=utcnow(), resolution=text
        ),
        concern,
        ConcernClosed("This concern has already been resolved."),
    )
    audit.record(
        "concern.resolve",
        "concern",
        concern.id,
        actor=admin,
        practitioner_id=concern.practitioner_id,
        before={"status": ConcernStatus.OPEN.value},
        after={"status": ConcernStatus.CLOSED.value},
        reason=text,
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


def delete_closed_before(cutoff: datetime) -> int:
    """Delete concerns resolved before ``cutoff`` (open ones are never deleted); returns
    how many; commits. The audit trail keeps that a concern was reported and resolved."""
    result = db.session.execute(
        delete(Concern).where(Concern.status == ConcernStatus.CLOSED, Concern.closed_at < cutoff)
    )
    db.session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
