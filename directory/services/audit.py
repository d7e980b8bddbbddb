"""The audit log: writing entries, and reading them back for admins.

Callers add entries before their own commit, so an entry and the change it records land
in the same transaction or not at all. Nothing here updates or deletes an entry (the
model refuses it too).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, or_

from directory.extensions import db
from directory.models import Account, AuditEntry, Practitioner

SYSTEM_ACTOR = "system"


def record(
    action: str,
    entity_type: str,
    entity_id: int | None,
    *,
    actor: Account | None = None,
    actor_label: str | None = None,
    practitioner_id: int | None = None,
    before: dict[str, Any] | list[Any] | None = None,
    after: dict[str, Any] | list[Any] | None = None,
    reason: str | None = None,
) -> AuditEntry:
    """Add an audit entry to the current session (not committed here)."""
    entry = AuditEntry(
        actor_id=actor.id if actor else None,
        actor_label=actor_label or (actor.email if actor else SYSTEM_ACTOR),
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        practitioner_id=practitioner_id,
        before=before,
        after=after,
        reason=reason,
    )
    db.session.add(entry)
    return entry


@dataclass(frozen=True)
class AuditFilter:
    """What to show of the log; every part is optional and they combine with AND."""

    practitioner_id: int | None = None
    actor: str | None = None  # part of the actor's label (an email, "system", "public")
    action: str | None = None  # an action ("claim.verified") or its family ("claim")
    entity_type: str | None = None
    since: date | None = None  # inclusive, UTC days
    until: date | None = None  # inclusive


CSV_COLUMNS = (
    "id",
    "at",
    "actor",
    "action",
    "entity_type",
    "entity_id",
    "practitioner_id",
    "before",
    "after",
    "reason",
)


def _select(wanted: AuditFilter) -> Select[AuditEntry]:
    query = db.select(AuditEntry)
    if wanted.practitioner_id is not None:
        query = query.where(AuditEntry.practitioner_id == wanted.practitioner_id)
    if wanted.actor:
        query = query.where(AuditEntry.actor_label.contains(wanted.actor.lower(), autoescape=True))
    if wanted.action:
        family = wanted.action.rstrip(".")
        query = query.where(
            (AuditEntry.action == family)
            | AuditEntry.action.startswith(f"{family}.", autoescape=True)
        )
    if wanted.entity_type:
        query = query.where(AuditEntry.entity_type == wanted.entity_type)
    if wanted.since:
        query = query.where(AuditEntry.at >= _midnight(wanted.since))
    if wanted.until and wanted.until < date.max:
        query = query.where(AuditEntry.at < _midnight(wanted.until + timedelta(days=1)))
    return query


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def entries(wanted: AuditFilter, page: int = 1, per_page: int = 50) -> tuple[list[AuditEntry], int]:
    """One page of matching entries, newest first, and how many match in all."""
    query = _select(wanted)
    total = db.session.scalar(query.with_only_columns(db.func.count(AuditEntry.id))) or 0
    rows = db.session.scalars(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return list(rows), total


def csv_rows(wanted: AuditFilter) -> Iterator[list[str]]:
    """Every matching entry, oldest first, as CSV cells (JSON for before and after);
    streams from the database rather than loading the whole log."""
    yield list(CSV_COLUMNS)
    query = _select(wanted).order_by(AuditEntry.at, AuditEntry.id).execution_options(yield_per=500)
    for entry in db.session.scalars(query):
        yield [
            str(entry.id),
            entry.at.isoformat(),
            entry.actor_label,
            entry.action,
            entry.entity_type,
            _cell(entry.entity_id),
            _cell(entry.practitioner_id),
            _json(entry.before),
            _json(entry.after),
            entry.reason or "",
        ]


def _cell(value: int | None) -> str:
    return "" if value is None else str(value)


def _json(value: dict[str, Any] | list[Any] | None) -> str:
    return "" if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)


def entries_about(account: Account, practitioner: Practitioner | None) -> list[AuditEntry]:
    """Every entry ``account`` made or that is about it or its ``practitioner`` profile,
    oldest first: what a data export shows and an erasure rewrites."""
    about = [
        AuditEntry.actor_id == account.id,
        (AuditEntry.entity_type == "account") & (AuditEntry.entity_id == account.id),
    ]
    if practitioner is not None:
        about.append(AuditEntry.practitioner_id == practitioner.id)
    return list(
        db.session.scalars(
            db.select(AuditEntry).where(or_(*about)).order_by(AuditEntry.at, AuditEntry.id)
        )
    )
