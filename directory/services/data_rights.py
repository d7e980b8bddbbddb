"""A practitioner's data rights: a copy of everything held about them, and erasure.

``export`` builds a zip: ``data.json`` (account, profile, clinics, treatments,
credential claims, listing claims, messages received, and the audit entries about
them) plus the evidence files they uploaded. ``delete_account`` removes the account,
unpublishes and anonymises the listing, deletes evidence files and messages, and
rewrites the person's email and name in the audit trail to a stable pseudonym (the
one deliberate change to that append-only log: the decisions stay, the person goes).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import zipfile
from datetime import date, datetime
from enum import Enum
from typing import Any

from flask import current_app
from sqlalchemy import or_, update

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import (
    Account,
    AuditEntry,
    Clinic,
    Enquiry,
    ListingClaim,
    Practitioner,
    PublicationState,
)
from directory.services import (
    ServiceError,
    accounts,
    audit,
    evidence,
    outbox,
    photo_files,
)
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


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _row(obj: object, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def _audit_for(account: Account, practitioner: Practitioner | None) -> list[AuditEntry]:
    about = [
        AuditEntry.actor_id == account.id,
        (AuditEntry.entity_type == "account") & (AuditEntry.entity_id == account.id),
    ]
    if practitioner is not None:
        about.append(AuditEntry.practitioner_id == practitioner.id)
    return list(
        db.session.scalars(
            db.select(AuditEntry).where(or_(*about)).order_by(AuditEntry.at, AuditEntry.id)
        )
    )


def export(account: Account) -> bytes:
    """Everything held about ``account``, as a zip file's bytes (no database change)."""
    p = profile_of(account)
    data: dict[str, Any] = {
        "exported_at": utcnow().isoformat(),
        "account": _row(
            account,
            (
                "email",
                "role",
                "created_at",
                "email_verified_at",
                "last_login_at",
                "terms_accepted_at",
            ),
        ),
        "profile": None,
        "listing_claims": [
            _row(c, ("practitioner_id", "message", "status", "created_at", "decided_at", "reason"))
            for c in db.session.scalars(db.select(ListingClaim).filter_by(account_id=account.id))
        ],
    }
    files: list[tuple[str, bytes]] = []
    if p is not None:
        data["profile"] = _row(
            p,
            (
                "slug",
                "title",
                "display_name",
                "profession",
                "registration_number",
                "bio",
                "website",
                "phone",
                "booking_url",
                "state",
                "accepts_enquiries",
                "created_at",
                "updated_at",
            ),
        )
        data["profile"]["regulator"] = p.regulator.name if p.regulator else None
        data["clinics"] = [
            _row(
                c,
                (
                    "name",
                    "address_line1",
                    "address_line2",
                    "town",
                    "postcode",
                    "latitude",
                    "longitude",
                ),
            )
            for c in p.clinics
        ]
        data["treatments"] = [
            {
                "treatment": o.treatment.name,
                "price_from_pence": o.price_from_pence,
                "notes": o.notes,
            }
            for o in p.offers
        ]
        data["credential_claims"] = []
        for claim in p.claims:
            row = _row(
                claim,
                (
                    "number",
                    "status",
                    "submitted_at",
                    "decided_at",
                    "expires_on",
                    "reason",
                    "evidence_filename",
                ),
            )
            row["body"] = claim.body.name
            if claim.evidence_path:
                try:
                    with evidence.open_file(claim.evidence_path) as stream:
                        content = stream.read()
                except (OSError, evidence.EvidenceError):
                    row["evidence_file"] = None  # listed, but the file is missing
                else:
                    name = f"evidence/{claim.id}-{claim.evidence_filename or 'evidence'}"
                    row["evidence_file"] = name
                    files.append((name, content))
            data["credential_claims"].append(row)
        data["messages_received"] = [
            _row(e, ("name", "email", "phone", "message", "created_at"))
            for e in db.session.scalars(db.select(Enquiry).filter_by(practitioner_id=p.id))
        ]
    data["audit_trail"] = [
        {
            "at": _plain(e.at),
            "action": e.action,
            "by": "you"
            if e.actor_id == account.id
            else ("our team" if e.actor_id else e.actor_label),
            "before": e.before,
            "after": e.after,
            "reason": e.reason,
        }
        for e in _audit_for(account, p)
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
        for name, content in files:
            archive.writestr(name, content)
    return buffer.getvalue()


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
    for entry in _audit_for(account, p):
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
