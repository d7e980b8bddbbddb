"""What an approval records: the admin's note of what the register showed, any
conditions or warnings, the prescriber annotation, and (for a renewal) the claim it
replaces. Used by ``verification.approve``; nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update

from directory.extensions import db
from directory.models import Account, BodyKind, ClaimStatus, CredentialClaim
from directory.models.statutory_regulators import records_prescribing
from directory.services import ServiceError, audit, guarded

__all__ = ["DecisionError", "RegisterEntry", "checked_entry", "retire_renewed"]


class DecisionError(ServiceError):
    code = "invalid_decision"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


MAX_NOTE = 500
MAX_CONDITIONS = 1000


@dataclass(frozen=True)
class RegisterEntry:
    """What the admin saw on the body's register when approving: a short note, any
    conditions or warnings it listed, and (for a statutory register) whether it shows
    an independent-prescriber annotation (None: the register has no such mark)."""

    note: str
    conditions: str = ""
    prescriber: bool | None = None


def checked_entry(claim: CredentialClaim, register: RegisterEntry) -> RegisterEntry:
    """``register`` tidied; raises ``DecisionError`` for a missing or long note, long
    conditions, or a prescriber record for a body that is not a statutory regulator."""
    note = " ".join((register.note or "").split())
    if not 3 <= len(note) <= MAX_NOTE:
        raise DecisionError(
            f"Say briefly what the register showed (up to {MAX_NOTE} characters).", "note"
        )
    conditions = (register.conditions or "").strip()
    if len(conditions) > MAX_CONDITIONS:
        raise DecisionError(f"Keep the conditions to {MAX_CONDITIONS} characters.", "conditions")
    if register.prescriber is not None and (
        claim.body.kind is not BodyKind.REGULATOR or not records_prescribing(claim.body.slug)
    ):
        raise DecisionError(
            f"The {claim.body.short_name} register does not show prescribing rights: "
            "leave the prescriber question unanswered.",
            "prescriber",
        )
    return RegisterEntry(note, conditions, register.prescriber)


def retire_renewed(renewal: CredentialClaim, admin: Account) -> None:
    """The approved ``renewal`` carries the badge on: the claim it renews steps aside
    (not committed). Nothing to do if that one has meanwhile expired or been revoked."""
    old = renewal.renews
    if old is None or not guarded.changed_rows(
        update(CredentialClaim)
        .where(CredentialClaim.id == old.id, CredentialClaim.status == ClaimStatus.VERIFIED)
        .values(status=ClaimStatus.RENEWED)
    ):
        return
    db.session.refresh(old)
    audit.record(
        "claim.renewed",
        "credential_claim",
        old.id,
        actor=admin,
        practitioner_id=old.practitioner_id,
        before={"status": "verified"},
        after={"status": ClaimStatus.RENEWED.value, "renewal": renewal.id},
    )
