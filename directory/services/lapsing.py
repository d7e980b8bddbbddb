"""What the expiry job does alike for every dated check (credential claims, clinic
registrations): expire the lapsed ones once each, and send each due reminder once.

Safe to run every hour (and twice at once): a check is expired by a conditional update,
so it is expired and announced once; a reminder is recorded before it is sent, under a
unique key (the check, its expiry date, the lead time), so it is sent once, and its
record is removed again if the mail could not be sent so that the next run retries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import (
    ClaimStatus,
    ClinicRegistration,
    CredentialClaim,
    ExpiryReminder,
    RegistrationReminder,
)
from directory.services import guarded

# Lead times, in days, before a verified check's expiry date.
REMINDER_DAYS = (30, 7)

Checked = TypeVar("Checked", CredentialClaim, ClinicRegistration)


def lead_for(days_left: int) -> int | None:
    """The shortest lead time that ``days_left`` falls within, or None if none yet."""
    fitting = [lead for lead in REMINDER_DAYS if days_left <= lead]
    return min(fitting) if fitting else None


def expire(
    model: type[Checked],
    today: date,
    record: Callable[[Checked], None],
    announce: Callable[[Checked], object],
) -> list[int]:
    """Mark each verified ``model`` row past its date on ``today`` expired; returns their
    ids. Per row: ``record`` (audit, outbox) joins the update's transaction, which is
    committed, then ``announce`` tells its owner."""
    due = db.session.scalars(db.select(model.id).where(model.has_lapsed(today))).all()
    done = []
    for row_id in due:
        changed = guarded.changed_rows(
            update(model)
            .where(model.id == row_id, model.status == ClaimStatus.VERIFIED)
            .values(status=ClaimStatus.EXPIRED)
        )
        if changed != 1:
            db.session.rollback()
            continue  # revoked, renewed or amended meanwhile, or another run got there first
        row = db.session.get(model, row_id, populate_existing=True)
        assert row is not None
        record(row)
        db.session.commit()
        done.append(row_id)
        announce(row)
    return done


@dataclass(frozen=True)
class Reminders(Generic[Checked]):
    """Where one kind of check keeps its sent reminders and how it sends one."""

    model: type[Checked]
    kept_in: type[ExpiryReminder] | type[RegistrationReminder]
    key: str  # the reminder's column naming the check
    send: Callable[[Checked, int], bool]  # (check, days left) -> sent
    reaches: Callable[[Checked], bool] = lambda row: True  # someone to remind


def remind(today: date, kind: Reminders[Checked]) -> tuple[list[tuple[int, int]], int]:
    """Send each due reminder once (see the module's note); commits per reminder.
    Returns the (id, lead days) reminded and how many could not be sent."""
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    model = kind.model
    due = db.session.scalars(
        db.select(model)
        .where(model.is_current(today), model.expires_on <= horizon)
        .order_by(model.expires_on, model.id)
    ).all()
    reminded, unsent = [], 0
    for row in due:
        assert row.expires_on is not None
        days_left = (row.expires_on - today).days
        lead = lead_for(days_left)
        if lead is None or not kind.reaches(row):
            continue
        # A later, shorter reminder makes the longer ones moot: record them all.
        leads = [d for d in REMINDER_DAYS if d >= lead]
        if not _reserve(kind, row, leads):
            continue
        if kind.send(row, days_left):
            reminded.append((row.id, lead))
        else:
            _release(kind, row, leads)
            unsent += 1
    return reminded, unsent


def _reserve(kind: Reminders[Checked], row: Checked, leads: list[int]) -> bool:
    """Record the reminder for ``leads``; False if the shortest is already recorded."""
    kept_in, key = kind.kept_in, {kind.key: row.id, "expires_on": row.expires_on}
    recorded = set(db.session.scalars(db.select(kept_in.days_before).filter_by(**key)))
    if min(leads) in recorded:
        return False
    for lead in leads:
        if lead not in recorded:
            fields: dict[str, Any] = {**key, "days_before": lead, "sent_at": utcnow()}
            db.session.add(kept_in(**fields))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another run reserved it first
        return False
    return True


def _release(kind: Reminders[Checked], row: Checked, leads: list[int]) -> None:
    kept_in = kind.kept_in
    db.session.execute(
        db.delete(kept_in).where(
            getattr(kept_in, kind.key) == row.id,
            kept_in.expires_on == row.expires_on,
            kept_in.days_before.in_(leads),
        )
    )
    db.session.commit()
