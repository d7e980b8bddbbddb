"""Emails to the practitioners at a clinic about its registration: a decision, an
expiry, a coming renewal. Sent after the change is committed; a failure is logged and
reported as False, never raised (see ``notices``)."""

from __future__ import annotations

from typing import Any

from directory.models import ClaimStatus, ClinicRegistration
from directory.services import mail
from directory.services.notices import links

SUBJECTS = {
    ClaimStatus.VERIFIED: "Your clinic's {issuer} registration is checked",
    ClaimStatus.REJECTED: "We could not check your clinic's {issuer} registration",
    ClaimStatus.REVOKED: "Your clinic's {issuer} registration no longer shows",
    ClaimStatus.EXPIRED: "Your clinic's {issuer} registration check has expired",
}


def _send(registration: ClinicRegistration, subject: str, **context: Any) -> bool:
    owners = [p.owner for p in registration.clinic.practitioners if p.owner is not None]
    sent = bool(owners)
    link = links().clinics if owners else ""
    for owner in owners:
        sent &= mail.deliver(
            owner.email,
            subject.format(issuer=registration.issuer),
            "email/registration_notice",
            registration=registration,
            owner=owner,
            link=link,
            **context,
        )
    return sent


def decided(registration: ClinicRegistration) -> bool:
    """Tell the clinic's practitioners it was verified, rejected, revoked or expired."""
    return _send(registration, SUBJECTS[registration.status], days_left=None)


def reminder(registration: ClinicRegistration, days_left: int) -> bool:
    """Remind them the checked registration lapses in ``days_left`` days."""
    subject = (
        f"Your clinic's {{issuer}} registration check runs out in {days_left} "
        f"day{'s' if days_left != 1 else ''}"
    )
    return _send(registration, subject, days_left=days_left)
