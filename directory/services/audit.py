"""Writing the audit log. Callers add entries before their own commit, so an entry and
the change it records land in the same transaction or not at all."""

from __future__ import annotations

from typing import Any

from directory.extensions import db
from directory.models import Account, AuditEntry

SYSTEM_ACTOR = "system"


def record(
    action: str,
    entity_type: str,
    entity_id: int | None,
    *,
    actor: Account | None = None,
    actor_label: str | None = None,
    practitioner_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
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
