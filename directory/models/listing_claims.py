"""Requests by a signed-in practitioner to take over an existing (seeded or imported) listing."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.dbtypes import UTCDateTime, str_enum, utcnow
from directory.extensions import Model

if TYPE_CHECKING:
    from directory.models.accounts import Account
    from directory.models.practitioners import Practitioner


class ListingClaimStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


# How many listing claims one account may have waiting at once.
MAX_OPEN_PER_ACCOUNT = 3
PENDING = text("status = 'pending'")


class ListingClaim(Model):
    __tablename__ = "listing_claims"
    # Rules the database enforces, so parallel requests cannot slip past them: one
    # pending claim per account and listing, and at most MAX_OPEN_PER_ACCOUNT pending
    # claims per account (each takes a numbered slot, unique among its pending claims).
    __table_args__ = (
        Index(
            "uq_listing_claims_pending_listing",
            "account_id",
            "practitioner_id",
            unique=True,
            sqlite_where=PENDING,
            postgresql_where=PENDING,
        ),
        Index(
            "uq_listing_claims_pending_slot",
            "account_id",
            "slot",
            unique=True,
            sqlite_where=PENDING,
            postgresql_where=PENDING,
        ),
        CheckConstraint(f"slot BETWEEN 1 AND {MAX_OPEN_PER_ACCOUNT}", name="slot_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    practitioner_id: Mapped[int] = mapped_column(
        ForeignKey("practitioners.id", ondelete="CASCADE"), index=True
    )
    # What the claimant tells the admin to show the listing is theirs.
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ListingClaimStatus] = mapped_column(
        str_enum(ListingClaimStatus), default=ListingClaimStatus.PENDING, index=True
    )
    # 1..MAX_OPEN_PER_ACCOUNT, free among the account's pending claims (None: made
    # before the cap existed).
    slot: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(String(500))

    account: Mapped[Account] = relationship(foreign_keys=[account_id])
    practitioner: Mapped[Practitioner] = relationship()
    decided_by: Mapped[Account | None] = relationship(foreign_keys=[decided_by_id])

    def __repr__(self) -> str:
        return f"<ListingClaim {self.id} {self.status}>"
