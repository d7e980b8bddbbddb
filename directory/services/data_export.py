"""A practitioner's copy of everything held about them (their right of access).

``export`` builds a zip: ``data.json`` (account, profile, clinics, treatments,
credential claims, listing claims, messages received, and the audit entries about
them) plus the evidence files they uploaded.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from enum import Enum
from typing import Any

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import Account, Enquiry, ListingClaim
from directory.services import audit, evidence
from directory.services.ownership import profile_of


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _row(obj: object, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


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
        for e in audit.entries_about(account, p)
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
        for name, content in files:
            archive.writestr(name, content)
    return buffer.getvalue()
