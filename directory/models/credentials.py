"""Accreditation bodies and the credential claims practitioners make against them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    and_,
    or_,
    text,
)
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.dbtypes import UTCDateTime, str_enum, utcnow
from directory.extensions import Model

if TYPE_CHECKING:
    from directory.models.accounts import Account
    from directory.models.practitioners import Practitioner


class BodyKind(StrEnum):
    REGISTER = "register"
    MEMBERSHIP = "membership"
    REGULATOR = "regulator"


class ClaimStatus(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"
    EXPIRED = "expired"
    REVOKED = "revoked"
    RENEWED = "renewed"  # replaced by its approved renewal (``renews_id``), which carries on


def current(status: ClaimStatus, expires_on: date | None, today: date) -> bool:
    """The rule "a badge the public may see on ``today``": verified, and not past its
    expiry date (the expiry job marks it expired later; the badge goes on its date).

    ``CredentialClaim.is_current`` is this rule for a claim and, on the class, in SQL;
    records read as plain rows (the result cards) call it with their two columns.
    """
    return status is ClaimStatus.VERIFIED and (expires_on is None or expires_on >= today)


# ``current`` and its complement as hybrid methods, for every model with a ``status``
# and an ``expires_on`` (credential claims, clinic registrations): each class names them
# in its own body, ``is_current = hybrid_method(is_current, is_current_sql)``, so that
# the read-only mirrors (``services/mirrors``), which copy a class's own methods, have them.
def is_current(row: Any, today: date) -> bool:
    """True when the public may see ``row`` on ``today`` (``current``); on the class,
    the same rule as a SQL condition, for example
    ``Practitioner.claims.any(CredentialClaim.is_current(today))``."""
    return current(row.status, row.expires_on, today)


def is_current_sql(model: Any, today: date) -> ColumnElement[bool]:
    # ``current`` in SQL: keep the two side by side.
    return and_(
        model.status == ClaimStatus.VERIFIED,
        or_(model.expires_on.is_(None), model.expires_on >= today),
    )


def has_lapsed(row: Any, today: date) -> bool:
    """True when ``row`` is verified but past its expiry date on ``today``: no longer
    ``current``, and the expiry job is due to mark it expired."""
    return row.status is ClaimStatus.VERIFIED and not current(row.status, row.expires_on, today)


def has_lapsed_sql(model: Any, today: date) -> ColumnElement[bool]:
    # Verified and not current: with a date, before today (no date never lapses).
    return and_(model.status == ClaimStatus.VERIFIED, model.expires_on < today)


class AccreditationBody(Model):
    __tablename__ = "accreditation_bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    short_name: Mapped[str] = mapped_column(String(40))
    kind: Mapped[BodyKind] = mapped_column(str_enum(BodyKind))
    website: Mapped[str] = mapped_column(String(300))
    register_url: Mapped[str] = mapped_column(String(300), default="")
    number_label: Mapped[str] = mapped_column(String(80), default="Membership number")
    # A full-match regular expression over the upper-cased number.
    number_pattern: Mapped[str] = mapped_column(String(200))
    number_example: Mapped[str] = mapped_column(String(40), default="")
    number_note: Mapped[str] = mapped_column(Text, default="")
    renewal_months: Mapped[int] = mapped_column(default=12)
    professions: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    how_we_check: Mapped[str] = mapped_column(Text, default="")
    # Optimistic concurrency: every ORM UPDATE says WHERE version = <as read>.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<AccreditationBody {self.slug}>"


# One open (pending or verified) claim per practitioner and body, enforced by the
# database too: checks made in Python let parallel submissions through. A renewal is
# the exception: it waits beside the verified claim it renews, one at a time.
OPEN_CLAIM = text("status IN ('pending', 'verified') AND renews_id IS NULL")
PENDING_RENEWAL = text("status = 'pending' AND renews_id IS NOT NULL")


class CredentialClaim(Model):
    __tablename__ = "credential_claims"
    __table_args__ = (
        Index(
            "uq_credential_claims_open_body",
            "practitioner_id",
            "body_id",
            unique=True,
            sqlite_where=OPEN_CLAIM,
            postgresql_where=OPEN_CLAIM,
        ),
        Index(
            "uq_credential_claims_pending_renewal",
            "renews_id",
            unique=True,
            sqlite_where=PENDING_RENEWAL,
            postgresql_where=PENDING_RENEWAL,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(
        ForeignKey("practitioners.id", ondelete="CASCADE"), index=True
    )
    body_id: Mapped[int] = mapped_column(ForeignKey("accreditation_bodies.id"), index=True)
    number: Mapped[str] = mapped_column(String(40))
    # Evidence lives outside static/ under a random name; these describe it.
    evidence_path: Mapped[str | None] = mapped_column(String(200))
    evidence_filename: Mapped[str | None] = mapped_column(String(200))
    evidence_mimetype: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[ClaimStatus] = mapped_column(
        str_enum(ClaimStatus), default=ClaimStatus.PENDING, index=True
    )
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(Text)
    expires_on: Mapped[date | None] = mapped_column(index=True)
    # The name the register lists, when it differs from the profile's display name.
    register_name: Mapped[str | None] = mapped_column(String(120))
    # What the admin saw on the register when approving: a short note, any conditions
    # or warnings it listed, and whether it shows the right to prescribe (None: not
    # recorded, as for a register that has no such annotation).
    register_note: Mapped[str | None] = mapped_column(Text)
    register_conditions: Mapped[str | None] = mapped_column(Text)
    prescriber: Mapped[bool | None]
    # A renewal waits in the queue while the verified claim it renews keeps its badge.
    renews_id: Mapped[int | None] = mapped_column(
        ForeignKey("credential_claims.id", ondelete="SET NULL")
    )

    practitioner: Mapped[Practitioner] = relationship(back_populates="claims")
    body: Mapped[AccreditationBody] = relationship(lazy="joined")
    decided_by: Mapped[Account | None] = relationship()
    renews: Mapped[CredentialClaim | None] = relationship(remote_side=[id])

    is_current = hybrid_method(is_current, is_current_sql)
    has_lapsed = hybrid_method(has_lapsed, has_lapsed_sql)


class ExpiryReminder(Model):
    """A reminder sent (or due) before a verified claim's expiry date.

    One row per claim, expiry date and lead time ("30 days before"), so the hourly expiry
    job sends each reminder once, and a renewed claim (new date) gets reminded afresh.
    """

    __tablename__ = "expiry_reminders"
    __table_args__ = (UniqueConstraint("claim_id", "expires_on", "days_before"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("credential_claims.id", ondelete="CASCADE"))
    expires_on: Mapped[date]
    days_before: Mapped[int]
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
