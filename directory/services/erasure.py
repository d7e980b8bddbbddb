"""Erasing a practitioner's account (their right to erasure).

``delete_account`` removes the account, unpublishes and anonymises the listing, deletes
evidence files, photos and messages, and rewrites the person's email and name in the
audit trail to a stable pseudonym (the one deliberate change to that append-only log:
the decisions stay, the person goes). The copy of their data is ``data_export``.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from flask import current_app
from sqlalchemy import update

from directory.extensions import db
from directory.models import Account, AuditEntry, Clinic, Enquiry, Practitioner, PublicationState
from directory.services import ServiceError, accounts, audit, evidence, outbox, photo_files
from directory.services.ownership import profile_of

DELETED_NAME = "Deleted listing"


class WrongPassword(ServiceError):
    code = "wrong_password"
    status = 400


def pseudonym(account_id: int) -> str:
    """The same label for the same account every time, and not reversible without the
    secret key: ``former-account-<12 hex>``."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(key, f"account:{account_id}".encode(), hashlib.sha256).hexdigest()
    return f"former-account-{digest[:12]}"


def _scrub(value: Any, words: list[str], label: str) -> Any:
    if isinstance(value, str):
        for word in words:
            value = value.replace(word, label)
        return value
    if isinstance(value, dict):
        return {k: _scrub(v, words, label) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, words, label) for v in value]
    return value


def delete_account(account: Account, password: str) -> str:
    """Erase ``account`` after checking ``password``; commits; returns the pseudonym.

    Raises ``WrongPassword``. Evidence files and photos are removed after the commit.
    """
    if not accounts.check_password(account, password):
        raise WrongPassword("That is not your current password.")
    label = pseudonym(account.id)
    p = profile_of(account)
    words = [account.email] + ([p.full_name, p.display_name] if p else [])
    words = sorted({w for w in words if len(w) >= 3}, key=len, reverse=True)
    for entry in audit.entries_about(account, p):
        changes = {
            "before": _scrub(entry.before, words, label),
            "after": _scrub(entry.after, words, label),
            "reason": _scrub(entry.reason, words, label),
        }
        if entry.actor_id == account.id:
            changes["actor_label"] = label
        # A Core update: the ORM guard keeps every other path from touching the log.
        db.session.execute(update(AuditEntry).where(AuditEntry.id == entry.id).values(**changes))
    files = _anonymise(p) if p else []
    audit.record(
        "account.delete",
        "account",
        account.id,
        actor_label=label,
        practitioner_id=p.id if p else None,
    )
    db.session.execute(
        update(AuditEntry).where(AuditEntry.actor_id == account.id).values(actor_id=None)
    )
    db.session.delete(account)
    db.session.commit()
    for relative in files:
        evidence.discard(relative)
    return label


def _anonymise(p: Practitioner) -> list[str]:
    """Unpublish and strip the listing and its photos; returns the files to delete."""
    files = [c.evidence_path for c in p.claims if c.evidence_path]
    files += photo_files.forget_all(p.id)
    db.session.execute(db.delete(Enquiry).where(Enquiry.practitioner_id == p.id))
    clinics = list(p.clinics)
    p.clinics.clear()
    p.offers.clear()
    p.claims.clear()
    p.slug = f"deleted-{p.id}"
    p.display_name, p.title, p.bio = DELETED_NAME, "", ""
    p.registration_number = p.website = p.phone = p.booking_url = None
    p.regulator = None
    p.state, p.suspended_from = PublicationState.DRAFT, None
    p.suspension_reason = p.suspended_at = None
    p.accepts_enquiries = False
    p.owner = None
    db.session.flush()
    for clinic in clinics:  # a clinic another practitioner also lists stays
        if not db.session.scalar(
            db.select(Clinic).where(Clinic.id == clinic.id).where(Clinic.practitioners.any())
        ):
            db.session.delete(clinic)
    outbox.mark_practitioner(p.id)
    return files
