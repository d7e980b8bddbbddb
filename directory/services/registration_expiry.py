"""The expiry job's part for clinic registrations: expire checked registrations past
their date, and send each renewal reminder once.

The same guarantees as ``expiry`` (safe to run hourly and twice at once): expiring is a
conditional update, and a reminder is reserved under a unique key before it is sent and
released if the mail fails. The public never depends on this job: pages and the index
compare dates themselves.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import ClaimStatus, ClinicRegistration, RegistrationReminder
from directory.services import guarded, registration_notices
from directory.services.expiry import REMINDER_DAYS, ExpiryReport, lead_for
from directory.services.registrations import record


def run(today: date, report: ExpiryReport) -> None:
    """Expire, then remind; adds registration ids to ``report.registrations_*``."""
    report.registrations_expired = expire(today)
    remind(today, report)


def expire(today: date) -> list[int]:
    """Mark verified registrations past their date expired; their ids. Commits each."""
    due = db.session.scalars(
        db.select(ClinicRegistration.id).where(
            ClinicRegistration.status == ClaimStatus.VERIFIED, ClinicRegistration.expires_on < today
        )
    ).all()
    done = []
    for registration_id in due:
        changed = guarded.changed_rows(
            update(ClinicRegistration)
            .where(
                ClinicRegistration.id == registration_id,
                ClinicRegistration.status == ClaimStatus.VERIFIED,
            )
            .values(status=ClaimStatus.EXPIRED)
        )
        if changed != 1:
            db.session.rollback()
            continue  # revoked or amended meanwhile, or another run got there first
        registration = db.session.get(ClinicRegistration, registration_id, populate_existing=True)
        assert registration is not None
        record(
            registration,
            "registration.expire",
            None,
            {"status": ClaimStatus.VERIFIED.value},
            {"status": ClaimStatus.EXPIRED.value},
            f"Past its expiry date ({registration.expires_on}).",
        )
        db.session.commit()
        done.append(registration_id)
        registration_notices.decided(registration)
    return done


def remind(today: date, report: ExpiryReport) -> None:
    """Send each due reminder once; commits per reminder."""
    due = db.session.scalars(
        db.select(ClinicRegistration)
        .where(
            ClinicRegistration.status == ClaimStatus.VERIFIED,
            ClinicRegistration.expires_on >= today,
            ClinicRegistration.expires_on <= today + timedelta(days=max(REMINDER_DAYS)),
        )
        .order_by(ClinicRegistration.expires_on, ClinicRegistration.id)
    ).all()
    for registration in due:
        assert registration.expires_on is not None
        days_left = (registration.expires_on - today).days
        lead = lead_for(days_left)
        if lead is None:
            continue
        leads = [d for d in REMINDER_DAYS if d >= lead]
        if not _reserve(registration, leads):
            continue
        if registration_notices.reminder(registration, days_left):
            report.registrations_reminded.append((registration.id, lead))
        else:
            _release(registration, leads)
            report.unsent += 1


def _reserve(registration: ClinicRegistration, leads: list[int]) -> bool:
    recorded = set(
        db.session.scalars(
            db.select(RegistrationReminder.days_before).filter_by(
                registration_id=registration.id, expires_on=registration.expires_on
            )
        )
    )
    if min(leads) in recorded:
        return False
    for lead in leads:
        if lead not in recorded:
            db.session.add(
                RegistrationReminder(
                    registration_id=registration.id,
                    expires_on=registration.expires_on,
                    days_before=lead,
                    sent_at=utcnow(),
                )
            )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def _release(registration: ClinicRegistration, leads: list[int]) -> None:
    db.session.execute(
        db.delete(RegistrationReminder).where(
            RegistrationReminder.registration_id == registration.id,
            RegistrationReminder.expires_on == registration.expires_on,
            RegistrationReminder.days_before.in_(leads),
        )
    )
    db.session.commit()
