"""A clinic's registration with the care regulator of its nation, or a local licence.

A registration is claimed by a practitioner working at the clinic and checked by an
admin exactly like a credential claim (same states, evidence, expiry and reminders),
but it is a fact about the clinic's premises, never about the practitioner: it does
not make anyone "checked".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.dbtypes import UTCDateTime, str_enum, utcnow
from directory.extensions import Model
from directory.models.credentials import (
    ClaimStatus,
    has_lapsed,
    has_lapsed_sql,
    is_current,
    is_current_sql,
)

if TYPE_CHECKING:
    from directory.models.accounts import Account
    from directory.models.practitioners import Clinic


class RegistrationKind(StrEnum):
    REGULATOR = "regulator"  # the nation's care regulator (CQC, HIS, HIW, RQIA)
    LICENCE = "licence"  # a local authority's special-procedures licence


@dataclass(frozen=True)
class CareRegulator:
    slug: str
    short_name: str
    name: str
    nation: str  # "ENG", "SCT", "WLS" or "NIR", as the geo tables name them
    nation_name: str
    # A full-match regular expression over the upper-cased number, and an example.
    number_pattern: str
    number_example: str
    number_label: str
    # The public page of one registration ("{number}" is filled in), or None when the
    # regulator has no stable per-registration address; then ``search_url``.
    page_url: str | None
    search_url: str


# CQC location ids are "1-" and nine to eleven digits. The other three publish no
# fixed format we could confirm: a sane length and character set, checked by an admin.
_SANE = r"[A-Z0-9][A-Z0-9/\-]{2,29}"
REGULATORS: dict[str, CareRegulator] = {
    r.slug: r
    for r in (
        CareRegulator(
            "cqc",
            "CQC",
            "Care Quality Commission",
            "ENG",
            "England",
            r"1-\d{9,11}",
            "1-123456789",
            "CQC location ID",
            "https://www.cqc.org.uk/location/{number}",
            "https://www.cqc.org.uk/search/services",
        ),
        CareRegulator(
            "his",
            "HIS",
            "Healthcare Improvement Scotland",
            "SCT",
            "Scotland",
            _SANE,
            "",
            "HIS registration number",
            None,
            "https://www.healthcareimprovementscotland.scot/",
        ),
        CareRegulator(
            "hiw",
            "HIW",
            "Healthcare Inspectorate Wales",
            "WLS",
            "Wales",
            _SANE,
            "",
            "HIW registration number",
            None,
            "https://www.hiw.org.uk/find-service",
        ),
        CareRegulator(
            "rqia",
            "RQIA",
            "Regulation and Quality Improvement Authority",
            "NIR",
            "Northern Ireland",
            _SANE,
            "",
            "RQIA registration number",
            None,
            "https://www.rqia.org.uk/inspections/",
        ),
    )
}
BY_NATION = {r.nation: r for r in REGULATORS.values()}
LICENCE_PATTERN = r"[A-Z0-9][A-Z0-9/\-.]{1,39}"

# One open (pending or verified) registration per clinic and kind, enforced by the
# database: two owners of a shared clinic could otherwise both submit at once.
OPEN_REGISTRATION = text("status IN ('pending', 'verified')")


class ClinicRegistration(Model):
    __tablename__ = "clinic_registrations"
    __table_args__ = (
        Index(
            "uq_clinic_registrations_open_kind",
            "clinic_id",
            "kind",
            unique=True,
            sqlite_where=OPEN_REGISTRATION,
            postgresql_where=OPEN_REGISTRATION,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    kind: Mapped[RegistrationKind] = mapped_column(str_enum(RegistrationKind))
    # For REGULATOR: a slug of ``REGULATORS``, fixed by the clinic's postcode at submission.
    regulator: Mapped[str | None] = mapped_column(String(10))
    # For LICENCE: the issuing authority as the practitioner names it.
    authority: Mapped[str | None] = mapped_column(String(120))
    number: Mapped[str] = mapped_column(String(40))
    evidence_path: Mapped[str | None] = mapped_column(String(200))
    evidence_filename: Mapped[str | None] = mapped_column(String(200))
    evidence_mimetype: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[ClaimStatus] = mapped_column(
        str_enum(ClaimStatus), default=ClaimStatus.PENDING, index=True
    )
    submitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(Text)
    register_note: Mapped[str | None] = mapped_column(Text)
    expires_on: Mapped[date | None] = mapped_column(index=True)

    clinic: Mapped[Clinic] = relationship(back_populates="registrations")
    submitted_by: Mapped[Account | None] = relationship(foreign_keys=[submitted_by_id])
    decided_by: Mapped[Account | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def care_regulator(self) -> CareRegulator | None:
        return REGULATORS.get(self.regulator or "")

    @property
    def issuer(self) -> str:
        """Who issued it, short: "CQC", or the licensing authority's name."""
        found = self.care_regulator
        return found.short_name if found else (self.authority or "")

    @property
    def public_url(self) -> str | None:
        """The regulator's own page for this registration, where it has one."""
        found = self.care_regulator
        if found is None or found.page_url is None:
            return None
        return found.page_url.format(number=self.number)

    # The credentials' rule ``current``, in Python and SQL (``models.credentials``).
    is_current = hybrid_method(is_current, is_current_sql)
    has_lapsed = hybrid_method(has_lapsed, has_lapsed_sql)


class RegistrationReminder(Model):
    """A renewal reminder sent for a verified registration: one per (registration,
    expiry date, lead time), so each is sent once, like ``ExpiryReminder``."""

    __tablename__ = "registration_reminders"
    __table_args__ = (UniqueConstraint("registration_id", "expires_on", "days_before"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("clinic_registrations.id", ondelete="CASCADE")
    )
    expires_on: Mapped[date]
    days_before: Mapped[int]
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
