"""Clinic registrations claimed by a practitioner working there: submit, amend, withdraw.

The regulator is never chosen by the practitioner: it is the care regulator of the
nation the clinic's postcode lies in (``regulator_for``). Evidence follows the credential
claims' rules (``services.evidence``). A practitioner can only put a registration into
``pending``; amending its number or evidence sends it back there and clears the earlier
decision, because what was checked is no longer what is claimed. Every change is
audited and re-indexes every practitioner at the clinic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.exc import IntegrityError

from directory import geo
from directory.extensions import db
from directory.models import (
    Account,
    ClaimStatus,
    Clinic,
    ClinicRegistration,
    RegistrationKind,
)
from directory.models.registrations import BY_NATION, LICENCE_PATTERN, CareRegulator
from directory.services import NotFound, audit, evidence, outbox
from directory.services.claims import ClaimError
from directory.services.evidence import EvidenceFile, Upload
from directory.services.ownership import owned

ENTITY = "clinic_registration"
MAX_AUTHORITY = 120


def regulator_for(clinic: Clinic) -> CareRegulator | None:
    """The care regulator of the nation ``clinic``'s postcode is in; None when the
    postcode's nation is unknown."""
    nation = geo.nation_of(clinic.postcode)
    return BY_NATION.get(nation) if nation else None


def state(registration: ClinicRegistration) -> dict[str, Any]:
    """What the audit log keeps of a registration."""
    return {
        "clinic": registration.clinic_id,
        "kind": registration.kind.value,
        "issuer": registration.issuer,
        "number": registration.number,
        "status": registration.status.value,
        "evidence_path": registration.evidence_path,
        "expires_on": registration.expires_on.isoformat() if registration.expires_on else None,
    }


def record(
    registration: ClinicRegistration,
    action: str,
    actor: Account | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str | None = None,
) -> None:
    """Audit a change to ``registration`` and queue every practitioner at its clinic for
    re-indexing (not committed)."""
    practitioners = registration.clinic.practitioners
    audit.record(
        action,
        ENTITY,
        registration.id,
        actor=actor,
        practitioner_id=practitioners[0].id if practitioners else None,
        before=before,
        after=after,
        reason=reason,
    )
    for practitioner in practitioners:
        outbox.mark_practitioner(practitioner.id)


def _checked_number(pattern: str, number: str, label: str, example: str) -> str:
    cleaned = re.sub(r"\s+", "", number or "").upper()
    if not cleaned or not re.fullmatch(pattern, cleaned):
        hint = f" (for example {example})" if example else " (letters, digits, / and -)"
        raise ClaimError(f"That is not a valid {label}{hint}.", "number")
    return cleaned


def _checked(
    clinic: Clinic, kind: RegistrationKind, number: str, authority: str
) -> tuple[str | None, str | None, str]:
    """(regulator slug, authority, cleaned number) for a new or amended registration."""
    if kind is RegistrationKind.REGULATOR:
        regulator = regulator_for(clinic)
        if regulator is None:
            raise ClaimError(
                "We cannot tell which nation this clinic's postcode is in, so "
                "not which regulator registers it: check the postcode.",
                "number",
            )
        cleaned = _checked_number(
            regulator.number_pattern, number, regulator.number_label, regulator.number_example
        )
        return regulator.slug, None, cleaned
    named = " ".join((authority or "").split())
    if not 3 <= len(named) <= MAX_AUTHORITY:
        raise ClaimError("Name the council that issued the licence.", "authority")
    return None, named, _checked_number(LICENCE_PATTERN, number, "licence number", "")


@contextmanager
def _saving(path: str | None, kind: RegistrationKind) -> Iterator[None]:
    """Roll back and delete a just-stored file if the change is not saved; turn the
    "one open registration per kind" index into the form's message."""
    try:
        with evidence.discard_on_failure(path):
            yield
    except IntegrityError as exc:
        what = "registration" if kind is RegistrationKind.REGULATOR else "licence"
        raise ClaimError(
            f"This clinic already has a {what} waiting or checked; change that one instead.",
            "number",
        ) from exc


def submit(
    account: Account,
    clinic_id: int,
    kind: RegistrationKind,
    number: str,
    upload: Upload | None,
    authority: str = "",
) -> ClinicRegistration:
    """A new pending registration of one of the account's clinics; commits.

    Raises ``NotFound`` (not this account's clinic), ``ClaimError`` (bad number or
    authority, unknown nation, one already open for the clinic, missing evidence) or
    ``EvidenceError`` (size or type).
    """
    clinic = owned(account, Clinic, clinic_id)
    regulator, named, cleaned = _checked(clinic, kind, number, authority)
    if upload is None:
        raise ClaimError("Upload your registration certificate or licence as evidence.", "evidence")
    # By id, not by relationship: a refused file must leave nothing in clinic.registrations.
    registration = ClinicRegistration(
        clinic_id=clinic.id,
        kind=kind,
        regulator=regulator,
        authority=named,
        number=cleaned,
        status=ClaimStatus.PENDING,
        submitted_by_id=account.id,
    )
    evidence.attach(registration, upload)
    with _saving(registration.evidence_path, kind):
        db.session.add(registration)
        db.session.flush()
        record(registration, "registration.submit", account, None, state(registration))
        db.session.commit()
    return registration


def owned_registration(account: Account, registration_id: int) -> ClinicRegistration:
    """One of the registrations of the account's clinics; raises ``NotFound``."""
    registration = db.session.get(ClinicRegistration, registration_id)
    if registration is None:
        raise NotFound("Not found.")
    owned(account, Clinic, registration.clinic_id)
    return registration


def amend(
    account: Account, registration_id: int, number: str, upload: Upload | None, authority: str = ""
) -> ClinicRegistration:
    """Change a registration's number, authority and/or evidence; commits. A real change
    makes it pending again (a verified one stops showing until re-checked).

    Raises ``NotFound``, ``ClaimError`` (revoked, bad input) or ``EvidenceError``.
    """
    registration = owned_registration(account, registration_id)
    if registration.status is ClaimStatus.REVOKED:
        raise ClaimError("A revoked registration cannot be changed; add a new one.", "number")
    _, named, cleaned = _checked(
        registration.clinic, registration.kind, number, authority or registration.authority or ""
    )
    if cleaned == registration.number and named == registration.authority and upload is None:
        return registration
    before, replaced = state(registration), registration.evidence_path
    if upload is not None:
        evidence.attach(registration, upload)
    registration.number, registration.authority = cleaned, named
    with _saving(registration.evidence_path if upload is not None else None, registration.kind):
        registration.status = ClaimStatus.PENDING
        registration.decided_at = registration.decided_by_id = None
        registration.reason = registration.expires_on = registration.register_note = None
        record(registration, "registration.amend", account, before, state(registration))
        db.session.commit()
    if upload is not None and replaced != registration.evidence_path:
        evidence.discard(replaced)
    return registration


def withdraw(account: Account, registration_id: int) -> None:
    """Delete a registration and its evidence file; commits. Raises ``NotFound``."""
    registration = owned_registration(account, registration_id)
    before, path = state(registration), registration.evidence_path
    record(registration, "registration.withdraw", account, before, None)
    db.session.delete(registration)
    db.session.commit()
    evidence.discard(path)


def evidence_file(account: Account, registration_id: int) -> EvidenceFile:
    """The evidence of a registration, for a practitioner at the clinic or an admin.

    Raises ``NotFound`` for anyone else, as for a registration without evidence.
    """
    if account.is_admin:
        registration = db.session.get(ClinicRegistration, registration_id)
        if registration is None:
            raise NotFound("Not found.")
    else:
        registration = owned_registration(account, registration_id)
    return evidence.file_of(registration, "registration", "evidence")
