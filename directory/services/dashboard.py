"""The figures on the admin dashboard: what is waiting, for how long, and what is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from directory.extensions import db
from directory.models import (
    AuditEntry,
    ClaimStatus,
    ClinicRegistration,
    Concern,
    ConcernStatus,
    CredentialClaim,
    ListingClaim,
    ListingClaimStatus,
    Practitioner,
    PublicationState,
)
from directory.models.concerns import URGENT_REASONS
from directory.services.verification import expiring_within

DECISION_ACTIONS = (
    "claim.verified",
    "claim.rejected",
    "claim.revoked",
    "profile.suspend",
    "profile.reinstate",
    "listing_claim.approved",
    "listing_claim.refused",
    "concern.resolve",
    "registration.verified",
    "registration.rejected",
    "registration.revoked",
)


@dataclass(frozen=True)
class Summary:
    pending_claims: int
    oldest_pending_claim: datetime | None
    open_concerns: int
    oldest_open_concern: datetime | None
    pending_listing_claims: int
    decisions_this_week: int
    expiring_in_30_days: int
    suspended_profiles: int
    urgent_concerns: int = 0  # open concerns that report harm or unsafe practice
    pending_registrations: int = 0  # clinic registrations waiting to be checked


def _count_and_oldest(column: object, *where: object) -> tuple[int, datetime | None]:
    row = db.session.execute(db.select(db.func.count(), db.func.min(column)).where(*where)).one()
    return int(row[0]), row[1]


def summary(today: date) -> Summary:
    """Counts for ``today`` (a week is the seven days up to and including today)."""
    claims, oldest_claim = _count_and_oldest(
        CredentialClaim.submitted_at, CredentialClaim.status == ClaimStatus.PENDING
    )
    concerns, oldest_concern = _count_and_oldest(
        Concern.created_at, Concern.status == ConcernStatus.OPEN
    )
    listing, _ = _count_and_oldest(
        ListingClaim.created_at, ListingClaim.status == ListingClaimStatus.PENDING
    )
    week_start = datetime.combine(today - timedelta(days=6), time.min, tzinfo=UTC)
    decisions = (
        db.session.scalar(
            db.select(db.func.count(AuditEntry.id)).where(
                AuditEntry.action.in_(DECISION_ACTIONS), AuditEntry.at >= week_start
            )
        )
        or 0
    )
    suspended = (
        db.session.scalar(
            db.select(db.func.count(Practitioner.id)).where(
                Practitioner.state == PublicationState.SUSPENDED
            )
        )
        or 0
    )
    urgent, _ = _count_and_oldest(
        Concern.created_at,
        Concern.status == ConcernStatus.OPEN,
        Concern.reason.in_([r.value for r in URGENT_REASONS]),
    )
    registrations, _ = _count_and_oldest(
        ClinicRegistration.submitted_at, ClinicRegistration.status == ClaimStatus.PENDING
    )
    return Summary(
        claims,
        oldest_claim,
        concerns,
        oldest_concern,
        listing,
        decisions,
        expiring_within(30, today),
        suspended,
        urgent,
        registrations,
    )
