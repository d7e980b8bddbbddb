"""The search outbox: one row per practitioner whose search document must be refreshed.

Services add a row in the same transaction as the change, so the index can always catch
up with the database; the indexer deletes rows once applied.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from directory.dbtypes import UTCDateTime, utcnow
from directory.extensions import db


class SearchOutbox(db.Model):
    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: a deleted practitioner still needs removing from the index.
    practitioner_id: Mapped[int | None] = mapped_column(index=True)
    # "practitioner" (one document) or "all" (taxonomy change: every document).
    scope: Mapped[str] = mapped_column(String(20), default="practitioner")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
