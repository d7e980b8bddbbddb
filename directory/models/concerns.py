"""Concerns the public report about a listed practitioner; admins work through them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.dbtypes import UTCDateTime, str_enum, utcnow
from directory.extensions import Model

if TYPE_CHECKING:
    from directory.models.accounts import Account
    from directory.models.practitioners import Practitioner


class ConcernReason(StrEnum):
    HARM = "harm"  # the reporter was harmed, or is worried about their health now
    CREDENTIALS = "credentials"  # a badge or registration looks wrong
    SAFETY = "safety"  # unsafe practice, a treatment that went wrong
    DETAILS = "details"  # address, price, phone or website out of date
    OTHER = "other"


# Reasons that put a concern at the top of the admins' queue and alert every admin.
URGENT_REASONS = frozenset({ConcernReason.HARM, ConcernReason.SAFETY})


class ConcernStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Concern(Model):
    __tablename__ = "concerns"

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(
        ForeignKey("practitioners.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[ConcernReason] = mapped_column(str_enum(ConcernReason))
    details: Mapped[str] = mapped_column(Text)
    # Optional, only so an admin can reply; never shown publicly.
    reporter_email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[ConcernStatus] = mapped_column(
        str_enum(ConcernStatus), default=ConcernStatus.OPEN, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolution: Mapped[str | None] = mapped_column(Text)

    practitioner: Mapped[Practitioner] = relationship()
    closed_by: Mapped[Account | None] = relationship()

    @property
    def urgent(self) -> bool:
        return self.reason in URGENT_REASONS

    @property
    def reference(self) -> str:
        """What the reporter quotes to us: stable, derived from the id."""
        return reference_for(self.id)

    def __repr__(self) -> str:
        return f"<Concern {self.id} {self.status}>"


REFERENCE_PREFIX = "CN-"


def reference_for(concern_id: int) -> str:
    return f"{REFERENCE_PREFIX}{concern_id:06d}"
