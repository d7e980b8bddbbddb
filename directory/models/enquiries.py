"""Enquiries: messages the public sends a practitioner through the site, relayed by email."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.dbtypes import UTCDateTime, utcnow
from directory.extensions import Model

if TYPE_CHECKING:
    from directory.models.practitioners import Clinic, Practitioner


class Enquiry(Model):
    __tablename__ = "enquiries"

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(
        ForeignKey("practitioners.id", ondelete="CASCADE"), index=True
    )
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    # Deleted by the hourly upkeep command once older than ENQUIRY_RETENTION_DAYS.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # False when the relay email could not be handed to the mail backend.
    relayed: Mapped[bool] = mapped_column(default=False)

    practitioner: Mapped[Practitioner] = relationship()
    clinic: Mapped[Clinic | None] = relationship()

    def __repr__(self) -> str:
        return f"<Enquiry {self.id}>"
