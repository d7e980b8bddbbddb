"""The search outbox: one row per practitioner whose search document must be refreshed.

Services add a row in the same transaction as the change, so the index can always catch
up with the database; the indexer deletes rows once applied.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from directory.dbtypes import UTCDateTime, utcnow
from directory.extensions import Model


class SearchOutbox(Model):
    __tablename__ = "search_outbox"
    # Replicas remember ids they have read, so an id must never be handed out twice,
    # even after every row is pruned: SQLite reuses the highest id unless told not to.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: a deleted practitioner still needs removing from the index.
    practitioner_id: Mapped[int | None] = mapped_column(index=True)
    # "practitioner" (one document) or "all" (taxonomy change: every document).
    scope: Mapped[str] = mapped_column(String(20), default="practitioner")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SearchReplica(Model):
    """One node's copy of the search index and how far it has read the outbox.

    ``position`` is the highest outbox id it has seen; ``gaps`` (JSON ``[[id, epoch],
    ...]``) are lower ids it has not seen yet, watched for a while because the
    transaction holding them may still commit. ``applied_through`` is the id below
    which everything is applied: the outbox may be pruned up to the lowest one.
    """

    __tablename__ = "search_replicas"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)
    applied_through: Mapped[int] = mapped_column(default=0)
    gaps: Mapped[str] = mapped_column(Text, default="[]")
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
