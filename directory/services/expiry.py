"""The expiry job: expire verified credential claims and clinic registrations past
their date, and remind their owners before it comes.

Safe to run every hour (and twice at once): see ``lapsing``, which does the work for
both kinds. Badges never depend on this job: the public pages and the index compare
dates themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from directory.models import (
    ClaimStatus,
    ClinicRegistration,
    CredentialClaim,
    ExpiryReminder,
    RegistrationReminder,
)
from directory.services import audit, lapsing, notices, outbox, registration_notices
from directory.services.lapsing import REMINDER_DAYS, lead_for
from directory.services.registrations import record

__all__ = ["REMINDER_DAYS", "ExpiryReport", "lead_for", "run"]


@dataclass
class ExpiryReport:
    expired: list[int] = field(default_factory=list)
    reminded: list[tuple[int, int]] = field(default_factory=list)  # (claim id, lead days)
    unsent: int = 0
    # The same for clinic registrations.
    registrations_expired: list[int] = field(default_factory=list)
    registrations_reminded: list[tuple[int, int]] = field(default_factory=list)


def run(today: date) -> ExpiryReport:
    """Expire what is past its date, then send due reminders, for credentials and then
    clinic registrations; commits as it goes."""
    report = ExpiryReport()
    report.expired = lapsing.expire(CredentialClaim, today, _record_claim, notices.claim_decided)
    report.reminded, unsent = lapsing.remind(
        today,
        lapsing.Reminders(
            CredentialClaim,
            ExpiryReminder,
            "claim_id",
            notices.expiry_reminder,
            lambda claim: claim.practitioner.owner is not None,
        ),
    )
    report.registrations_expired = lapsing.expire(
        ClinicRegistration, today, _record_registration, registration_notices.decided
    )
    report.registrations_reminded, unsent_registrations = lapsing.remind(
        today,
        lapsing.Reminders(
            ClinicRegistration,
            RegistrationReminder,
            "registration_id",
            registration_notices.reminder,
        ),
    )
    report.unsent = unsent + unsent_registrations
    return report


def _record_claim(claim: CredentialClaim) -> None:
    audit.record(
        "claim.expire",
        "credential_claim",
        claim.id,
        practitioner_id=claim.practitioner_id,
        before={"status": ClaimStatus.VERIFIED.value},
        after={"status": ClaimStatus.EXPIRED.value},
        reason=f"Past its expiry date ({claim.expires_on}).",
    )
    outbox.mark_practitioner(claim.practitioner_id)


def _record_registration(registration: ClinicRegistration) -> None:
    record(
        registration,
        "registration.expire",
        None,
        {"status": ClaimStatus.VERIFIED.value},
        {"status": ClaimStatus.EXPIRED.value},
        f"Past its expiry date ({registration.expires_on}).",
    )
