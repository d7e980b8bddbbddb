"""The credential expiry job: expire verified claims past their date, remind owners.

Safe to run every hour (and twice at once): a claim is expired by a conditional update,
so it is expired and announced once; a reminder is recorded before it is sent, under a
unique key (claim, expiry date, lead time), so it is sent once, and its record is
removed again if the mail could not be sent so that the next run retries. Badges never
depend on this job: the public pages and the index compare dates themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import ClaimStatus, CredentialClaim, ExpiryReminder
from directory.services import audit, guarded, notices, outbox

# Lead times, in days, before a verified credential's expiry date.
REMINDER_DAYS = (30, 7)


@dataclass
class ExpiryReport:
    expired: list[int] = field(default_factory=list)
    reminded: list[tuple[int, int]] = field(default_factory=list)  # (claim id, lead days)
    unsent: int = 0
    # The same for clinic registrations (``registration_expiry``).
    registrations_expired: list[int] = field(default_factory=list)
    registrations_reminded: list[tuple[int, int]] = field(default_factory=list)


def run(today: date) -> ExpiryReport:
    """Expire what is past its date, then send due reminders, for credentials and clinic
    registrations; commits as it goes."""
    from directory.services import registration_expiry  # it reuses this module's rules

    report = ExpiryReport()
    report.expired = expire(today)
    remind(today, report)
    registration_expiry.run(today, report)
    return report


def expire(today: date) -> list[int]:
    """Mark verified claims whose expiry date is before ``today`` expired; returns their
    ids. Commits, then tells each owner."""
    due = db.session.scalars(
        db.select(CredentialClaim.id).where(CredentialClaim.has_lapsed(today))
    ).all()
    done = []
    for claim_id in due:
        changed = guarded.changed_rows(
            update(CredentialClaim)
            .where(CredentialClaim.id == claim_id, CredentialClaim.status == ClaimStatus.VERIFIED)
            .values(status=ClaimStatus.EXPIRED)
        )
        if changed != 1:
            db.session.rollback()
            continue  # revoked or renewed meanwhile, or another run got there first
        claim = db.session.get(CredentialClaim, claim_id, populate_existing=True)
        assert claim is not None
        audit.record(
            "claim.expire",
            "credential_claim",
            claim_id,
            practitioner_id=claim.practitioner_id,
            before={"status": ClaimStatus.VERIFIED.value},
            after={"status": ClaimStatus.EXPIRED.value},
            reason=f"Past its expiry date ({claim.expires_on}).",
        )
        outbox.mark_practitioner(claim.practitioner_id)
        db.session.commit()
        done.append(claim_id)
        notices.claim_decided(claim)
    return done


def lead_for(days_left: int) -> int | None:
    """The shortest lead time that ``days_left`` falls within, or None if none yet."""
    fitting = [lead for lead in REMINDER_DAYS if days_left <= lead]
    return min(fitting) if fitting else None


def remind(today: date, report: ExpiryReport) -> None:
    """Send each due reminder once (see the module's note); commits per reminder."""
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    due = db.session.scalars(
        db.select(CredentialClaim)
        .where(CredentialClaim.is_current(today), CredentialClaim.expires_on <= horizon)
        .order_by(CredentialClaim.expires_on, CredentialClaim.id)
    ).all()
    for claim in due:
        assert claim.expires_on is not None
        days_left = (claim.expires_on - today).days
        lead = lead_for(days_left)
        if lead is None or claim.practitioner.owner is None:
            continue
        # A later, shorter reminder makes the longer ones moot: record them all.
        leads = [d for d in REMINDER_DAYS if d >= lead]
        if not _reserve(claim, leads):
            continue
        if notices.expiry_reminder(claim, days_left):
            report.reminded.append((claim.id, lead))
        else:
            _release(claim, leads)
            report.unsent += 1


def _reserve(claim: CredentialClaim, leads: list[int]) -> bool:
    """Record the reminder for ``leads``; False if the shortest is already recorded."""
    assert claim.expires_on is not None
    recorded = set(
        db.session.scalars(
            db.select(ExpiryReminder.days_before).filter_by(
                claim_id=claim.id, expires_on=claim.expires_on
            )
        )
    )
    if min(leads) in recorded:
        return False
    for lead in leads:
        if lead not in recorded:
            db.session.add(
                ExpiryReminder(
                    claim_id=claim.id,
                    expires_on=claim.expires_on,
                    days_before=lead,
                    sent_at=utcnow(),
                )
            )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another run reserved it first
        return False
    return True


def _release(claim: CredentialClaim, leads: list[int]) -> None:
    db.session.execute(
        db.delete(ExpiryReminder).where(
            ExpiryReminder.claim_id == claim.id,
            ExpiryReminder.expires_on == claim.expires_on,
            ExpiryReminder.days_before.in_(leads),
        )
    )
    db.session.commit()
