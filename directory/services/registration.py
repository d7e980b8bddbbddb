"""One registration, one check: the regulator and number in a profile *are* the
statutory credential claim.

Saving them makes (or amends) the pending claim an admin checks against the regulator's
public register, so the practitioner never types the number twice and no evidence file
is needed for a public register. What an admin already checked stays checked while the
number is unchanged; a new number is a new thing to check.
"""

from __future__ import annotations

from directory.extensions import db
from directory.models import Account, ClaimStatus, CredentialClaim, Practitioner
from directory.services import versions
from directory.services.ownership import record_change

MAX_REGISTER_NAME = 120


def _state(claim: CredentialClaim) -> dict[str, object]:
    return {
        "body": claim.body.slug,
        "number": claim.number,
        "status": claim.status.value,
        "register_name": claim.register_name,
    }


def statutory_claim(practitioner: Practitioner) -> CredentialClaim | None:
    """The open claim with the profile's regulator, if any: a pending one (which may be
    the renewal of a verified one) before a verified one."""
    open_claims = [
        c
        for c in practitioner.claims
        if c.body_id == practitioner.regulator_id
        and c.status in (ClaimStatus.PENDING, ClaimStatus.VERIFIED)
    ]
    open_claims.sort(key=lambda c: c.status is not ClaimStatus.PENDING)
    return open_claims[0] if open_claims else None


def sync(practitioner: Practitioner, account: Account, register_name: str = "") -> None:
    """Make the profile's registration the pending claim for its regulator; audited, not
    committed (the caller commits it with the profile).

    Nothing changes for a verified claim with the same number; a pending one takes the
    new number; otherwise a new pending claim is made, without evidence.
    """
    name = " ".join((register_name or "").split())[:MAX_REGISTER_NAME] or None
    if practitioner.regulator_id is None or not practitioner.registration_number:
        return
    number = practitioner.registration_number
    versions.flush()  # the profile's own change first: a rival edit is an EditConflict
    claim = statutory_claim(practitioner)
    if claim is not None and claim.status is ClaimStatus.PENDING:
        # Still waiting: it follows the profile's number and name.
        if (claim.number, claim.register_name) != (number, name):
            before = _state(claim)
            claim.number, claim.register_name = number, name
            record_change(
                practitioner,
                "claim.amend",
                "credential_claim",
                claim.id,
                account,
                before,
                _state(claim),
            )
        return
    if claim is not None and claim.number == number:
        return
    # None yet, or a verified one for another number: that badge stays until an admin
    # decides the new number (revoking it if the old entry no longer stands).
    claim = CredentialClaim(
        body_id=practitioner.regulator_id,
        number=number,
        status=ClaimStatus.PENDING,
        register_name=name,
        renews_id=claim.id if claim is not None else None,
    )
    practitioner.claims.append(claim)
    versions.flush()  # an edit conflict on the profile surfaces as EditConflict
    db.session.refresh(claim, ["body"])
    record_change(
        practitioner, "claim.submit", "credential_claim", claim.id, account, None, _state(claim)
    )
