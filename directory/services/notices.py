"""Emails to practitioners about their credentials (decisions, coming expiries, expiry)
and about their requests to take over a listing.

Sent after the change has been committed; a mail failure is logged and reported as
False, never raised, because the decision stands either way.

The emails link to the practitioner's account pages, which belong to the web layer:
this module knows no route. The account blueprint hands over its links when it is
registered (``provide_links``), absolute on ``PUBLIC_BASE_URL`` and built without a
request, so the same emails go out from an admin's request and from the expiry command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

from directory.models import (
    ClaimStatus,
    CredentialClaim,
    ListingClaim,
    ListingClaimStatus,
    Practitioner,
)
from directory.services import mail

SUBJECTS = {
    ClaimStatus.VERIFIED: "Your {body} credential is verified",
    ClaimStatus.REJECTED: "Your {body} claim was not accepted",
    ClaimStatus.REVOKED: "Your {body} badge has been withdrawn",
    ClaimStatus.EXPIRED: "Your {body} badge has expired",
}


_PROVIDER = "directory.notices.links"


@dataclass(frozen=True)
class AccountLinks:
    """Absolute links to the account pages the emails point to."""

    claims: str  # the practitioner's credentials
    dashboard: str
    listing_search: str  # where to look for a listing to ask for
    clinics: str  # the practitioner's clinics, with their registrations


def provide_links(app: Flask, links: Callable[[], AccountLinks]) -> None:
    """Give ``app``'s emails their links: ``links()`` is called for each email, inside
    an app context but not necessarily a request."""
    app.extensions[_PROVIDER] = links


def links() -> AccountLinks:
    return current_app.extensions[_PROVIDER]()  # type: ignore[no-any-return]


def _send(claim: CredentialClaim, subject: str, template: str, **context: Any) -> bool:
    owner = claim.practitioner.owner
    if owner is None:
        return False  # an unclaimed listing: nobody to tell
    return mail.deliver(
        owner.email,
        subject.format(body=claim.body.short_name),
        f"email/{template}",
        claim=claim,
        practitioner=claim.practitioner,
        claims_link=links().claims,
        **context,
    )


def claim_decided(claim: CredentialClaim) -> bool:
    """Tell the owner that their claim was verified, rejected, revoked or has expired."""
    return _send(claim, SUBJECTS[claim.status], "claim_decided")


def expiry_reminder(claim: CredentialClaim, days_left: int) -> bool:
    """Remind the owner that a verified credential expires in ``days_left`` days."""
    subject = f"Your {{body}} badge expires in {days_left} day{'s' if days_left != 1 else ''}"
    return _send(claim, subject, "expiry_reminder", days_left=days_left)


def listing_claim_decided(claim: ListingClaim) -> bool:
    """Tell the person who asked for a listing whether it is now theirs."""
    approved = claim.status is ListingClaimStatus.APPROVED
    subject = (
        "The listing is now yours" if approved else "We could not hand the listing over to you"
    )
    to = links()
    link = to.dashboard if approved else to.listing_search
    return mail.deliver(
        claim.account.email,
        subject,
        "email/listing_claim_decided",
        claim=claim,
        approved=approved,
        link=link,
    )


def suspension_changed(practitioner: Practitioner, suspended: bool, reason: str) -> bool:
    """Tell the owner their profile was suspended (or reinstated), why, and where to
    reply (``SUPPORT_EMAIL``)."""
    owner = practitioner.owner
    if owner is None:
        return False
    subject = (
        "Your listing has been suspended" if suspended else "Your listing is no longer suspended"
    )
    return mail.deliver(
        owner.email,
        subject,
        "email/suspension",
        practitioner=practitioner,
        suspended=suspended,
        reason=reason,
        support_email=current_app.config["SUPPORT_EMAIL"],
        reply_to=current_app.config["SUPPORT_EMAIL"],  # a reply reaches the team too
        link=links().dashboard,
    )
