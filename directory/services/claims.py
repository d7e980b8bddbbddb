"""Credential claims made by a practitioner: submit, amend, withdraw, and see the evidence.

A practitioner can only ever put a claim into ``pending``: nothing here sets any other
status (admins decide elsewhere). Amending the number of a claim, or its evidence, sends
it back to ``pending`` and clears the earlier decision, because what was checked is no
longer what is claimed, except for a verified credential that is still current: new
evidence for it makes a *renewal*, a pending claim that waits in the queue while the
current badge stays until its own date. Every change is audited and re-indexes the
practitioner.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError

from directory import clock
from directory.extensions import db
from directory.models import Account, AccreditationBody, BodyKind, ClaimStatus, CredentialClaim
from directory.services import NotFound, ServiceError, evidence
from directory.services.evidence import EvidenceFile, Upload
from directory.services.ownership import own_profile, owned, record_change

OPEN_STATUSES = (ClaimStatus.PENDING, ClaimStatus.VERIFIED)


class ClaimError(ServiceError):
    """A claim rule was broken; ``field`` names the input at fault, when there is one."""

    code = "invalid_claim"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _state(claim: CredentialClaim) -> dict[str, Any]:
    return {
        "body": claim.body.slug,
        "number": claim.number,
        "status": claim.status.value,
        "evidence_path": claim.evidence_path,
        "expires_on": claim.expires_on.isoformat() if claim.expires_on else None,
    }


def _checked_number(body: AccreditationBody, number: str) -> str:
    cleaned = re.sub(r"\s+", "", number).upper()
    if not cleaned or not re.fullmatch(body.number_pattern, cleaned):
        example = f" (for example {body.number_example})" if body.number_example else ""
        raise ClaimError(f"That is not a valid {body.short_name} number{example}.", "number")
    return cleaned


@contextmanager
def _one_open_claim(body: AccreditationBody) -> Iterator[None]:
    """Turn the database's "one open claim per body" index into the form's message (a
    parallel submission got there first)."""
    try:
        yield
    except IntegrityError as exc:
        raise ClaimError(
            f"You already have a {body.short_name} claim; change that one instead.", "body"
        ) from exc


# Kept under this name for the demo data (``demo_evidence``).
attach_evidence = evidence.attach


def _reopen(claim: CredentialClaim) -> None:
    claim.status = ClaimStatus.PENDING
    claim.decided_at = claim.decided_by_id = claim.reason = claim.expires_on = None


def submit(account: Account, body_id: int, number: str, upload: Upload | None) -> CredentialClaim:
    """Make a new pending claim with its evidence; commits.

    Raises ``NotFound`` (no such body, or no profile yet), ``ClaimError`` (bad number,
    wrong profession for a regulator, an open claim already made to this body, missing
    evidence) or ``EvidenceError`` (size or type).
    """
    practitioner = own_profile(account)
    body = db.session.get(AccreditationBody, body_id)
    if body is None:
        raise NotFound("No such accreditation body.")
    if body.kind is BodyKind.REGULATOR and practitioner.profession.value not in body.professions:
        raise ClaimError(f"The {body.short_name} does not register your profession.", "body")
    if body.kind is BodyKind.REGULATOR:
        # One registration, one check: the profile's regulator and number are the claim.
        raise ClaimError(
            f"Give your {body.short_name} number in your profile (regulator and number): "
            "saving it sends it to us to check.",
            "body",
        )
    cleaned = _checked_number(body, number)
    if any(c.body_id == body.id and c.status in OPEN_STATUSES for c in practitioner.claims):
        raise ClaimError(
            f"You already have a {body.short_name} claim; change that one instead.", "body"
        )
    if upload is None:
        raise ClaimError("Upload your certificate or register entry as evidence.", "evidence")
    claim = CredentialClaim(body=body, number=cleaned, status=ClaimStatus.PENDING)
    attach_evidence(claim, upload)
    with _one_open_claim(body), evidence.discard_on_failure(claim.evidence_path):
        practitioner.claims.append(claim)
        db.session.flush()
        record_change(
            practitioner, "claim.submit", "credential_claim", claim.id, account, None, _state(claim)
        )
        db.session.commit()
    return claim


def amend(account: Account, claim_id: int, number: str, upload: Upload | None) -> CredentialClaim:
    """Change a claim's number and/or evidence; commits. Any real change makes it pending.

    Raises ``NotFound`` (not this account's claim), ``ClaimError`` (revoked, bad number)
    or ``EvidenceError``.
    """
    claim = owned(account, CredentialClaim, claim_id)
    if claim.status in (ClaimStatus.REVOKED, ClaimStatus.RENEWED):
        raise ClaimError(
            f"A {claim.status.value} claim cannot be changed; make a new claim instead.",
            "number",
        )
    cleaned = _checked_number(claim.body, number)
    if cleaned == claim.number and upload is None:
        return claim
    if claim.is_current(clock.today()):
        return _renew(account, claim, cleaned, upload)
    before, replaced = _state(claim), claim.evidence_path
    if upload is not None:
        attach_evidence(claim, upload)  # raises before anything changes if the file is refused
    claim.number = cleaned
    with (
        _one_open_claim(claim.body),
        evidence.discard_on_failure(claim.evidence_path if upload is not None else None),
    ):
        _reopen(claim)
        record_change(
            claim.practitioner,
            "claim.amend",
            "credential_claim",
            claim.id,
            account,
            before,
            _state(claim),
        )
        db.session.commit()
    if upload is not None and replaced != claim.evidence_path:
        evidence.discard(replaced)  # the audit entry keeps its name; the file goes
    return claim


def pending_renewal(claim: CredentialClaim) -> CredentialClaim | None:
    """The renewal of ``claim`` waiting in the queue, if there is one."""
    return db.session.scalar(
        db.select(CredentialClaim).where(
            CredentialClaim.renews_id == claim.id, CredentialClaim.status == ClaimStatus.PENDING
        )
    )


def _renew(
    account: Account, claim: CredentialClaim, number: str, upload: Upload | None
) -> CredentialClaim:
    """A pending renewal of the verified ``claim`` (or the waiting one, amended);
    ``claim`` and its badge are left as they are. Commits."""
    waiting = pending_renewal(claim)
    if waiting is not None:
        return amend(account, waiting.id, number, upload)
    renewal = CredentialClaim(
        body=claim.body,
        number=number,
        status=ClaimStatus.PENDING,
        renews_id=claim.id,
        register_name=claim.register_name,
    )
    if upload is not None:
        attach_evidence(renewal, upload)
    with evidence.discard_on_failure(renewal.evidence_path):
        claim.practitioner.claims.append(renewal)
        db.session.flush()
        record_change(
            claim.practitioner,
            "claim.renew",
            "credential_claim",
            renewal.id,
            account,
            None,
            _state(renewal) | {"renews": claim.id},
        )
        db.session.commit()
    return renewal


def withdraw(account: Account, claim_id: int) -> None:
    """Delete one of the account's claims and its evidence file; commits. Raises ``NotFound``."""
    claim = owned(account, CredentialClaim, claim_id)
    practitioner, before, path = claim.practitioner, _state(claim), claim.evidence_path
    practitioner.claims.remove(claim)
    record_change(
        practitioner, "claim.withdraw", "credential_claim", claim_id, account, before, None
    )
    db.session.commit()
    evidence.discard(path)


def evidence_file(account: Account, claim_id: int) -> EvidenceFile:
    """The evidence of a claim, for its owner or an admin only.

    Raises ``NotFound`` for anyone else, as for a claim without evidence.
    """
    if account.is_admin:
        claim = db.session.get(CredentialClaim, claim_id)
        if claim is None:
            raise NotFound("Not found.")
    else:
        claim = owned(account, CredentialClaim, claim_id)
    return evidence.file_of(claim, "claim", Path(claim.evidence_path or "").name)
