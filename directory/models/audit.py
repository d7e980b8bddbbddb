"""The append-only audit log: who did what to which record, when, with the change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from directory.dbtypes import UTCDateTime, utcnow
from directory.extensions import Model


class AuditEntry(Model):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # The actor is kept by id and by label: the label survives the account's deletion.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    practitioner_id: Mapped[int | None] = mapped_column(index=True)
    # An object's fields, or a list of rows (a clinic's week of opening hours).
    before: Mapped[dict[str, Any] | list[Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | list[Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)


class AuditLogIsAppendOnly(RuntimeError):
    pass


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_change(_mapper: Any, _connection: Any, target: AuditEntry) -> None:
    raise AuditLogIsAppendOnly(f"audit entry {target.id} cannot be changed or deleted")
