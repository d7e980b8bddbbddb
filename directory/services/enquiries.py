"""Enquiries: the public writes to a checked practitioner through the site.

The message is saved, then relayed by email to the owning account's address with
Reply-To set to the enquirer, so the practitioner answers directly and the enquirer
never sees the practitioner's address. The practitioner also sees every enquiry in
their dashboard, and can turn the form off. Enquiries are deleted once older than
``ENQUIRY_RETENTION_DAYS`` by the hourly upkeep command.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete

from directory.extensions import db
from directory.models import Account, Enquiry, Practitioner
from directory.services import NotFound, ServiceError, audit, mail, profiles
from directory.services.profiles import get_public_practitioner

MAX_MESSAGE = 3000
MIN_MESSAGE = 10


class EnquiryError(ServiceError):
    code = "invalid_enquiry"


class EnquiriesOff(ServiceError):
    code = "enquiries_off"
    status = 404


@dataclass(frozen=True)
class EnquiryDetails:
    name: str
    email: str
    message: str
    phone: str | None = None
    clinic_id: int | None = None


def is_checked(practitioner: Practitioner) -> bool:
    """Whether the public sees this practitioner as checked: published with at least one
    verified, current credential. The one place that decides which profiles may be sent
    messages; change it here when "checked" changes."""
    return practitioner.is_public and bool(profiles.current_badges(practitioner))


def accepts_enquiries(practitioner: Practitioner) -> bool:
    """True when the "Send a message" form shows: a checked profile whose owner has a
    confirmed, active account and has not turned enquiries off."""
    owner = practitioner.owner
    return (
        practitioner.accepts_enquiries
        and owner is not None
        and owner.is_active
        and owner.email_verified
        and is_checked(practitioner)
    )


def send(slug: str, details: EnquiryDetails) -> Enquiry:
    """Save an enquiry to the practitioner ``slug`` and relay it by email; commits.

    Raises ``NotFound`` (no such public profile), ``EnquiriesOff`` (this profile takes no
    messages) and ``EnquiryError`` (a clinic that is not theirs, a message too short or
    long). A relay the mail backend refused is logged and marked on the enquiry; the
    practitioner still sees it in their dashboard.
    """
    practitioner = get_public_practitioner(slug)
    if not accepts_enquiries(practitioner):
        raise EnquiriesOff("This practitioner does not take messages through the site.")
    text = details.message.strip()
    if not MIN_MESSAGE <= len(text) <= MAX_MESSAGE:
        raise EnquiryError(f"Write your message in {MIN_MESSAGE} to {MAX_MESSAGE} characters.")
    clinic = None
    if details.clinic_id is not None:
        clinic = next((c for c in practitioner.clinics if c.id == details.clinic_id), None)
        if clinic is None:
            raise EnquiryError("Choose one of this practitioner's clinics.")
    enquiry = Enquiry(
        practitioner=practitioner,
        clinic=clinic,
        name=details.name.strip(),
        email=details.email.strip().lower(),
        phone=(details.phone or "").strip() or None,
        message=text,
    )
    db.session.add(enquiry)
    db.session.flush()
    audit.record(
        "enquiry.send", "enquiry", enquiry.id, actor_label="public", practitioner_id=practitioner.id
    )
    db.session.commit()
    assert practitioner.owner is not None  # accepts_enquiries checked it
    enquiry.relayed = mail.deliver(
        practitioner.owner.email,
        f"New enquiry from {enquiry.name} via Find a Practitioner",
        "email/enquiry",
        reply_to=enquiry.email,
        enquiry=enquiry,
        practitioner=practitioner,
    )
    db.session.commit()
    return enquiry


def for_practitioner(practitioner_id: int, limit: int = 100) -> list[Enquiry]:
    """The practitioner's enquiries, newest first."""
    query = (
        db.select(Enquiry)
        .where(Enquiry.practitioner_id == practitioner_id)
        .order_by(Enquiry.created_at.desc(), Enquiry.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def set_accepting(account: Account, practitioner: Practitioner | None, on: bool) -> None:
    """Turn the owner's enquiry form on or off; audits and commits. Raises ``NotFound``
    when the account has no profile."""
    if practitioner is None or practitioner.owner_id != account.id:
        raise NotFound("You have no profile yet.")
    if practitioner.accepts_enquiries == on:
        return
    practitioner.accepts_enquiries = on
    audit.record(
        "profile.enquiries",
        "practitioner",
        practitioner.id,
        actor=account,
        practitioner_id=practitioner.id,
        before={"accepts_enquiries": not on},
        after={"accepts_enquiries": on},
    )
    db.session.commit()


def delete_created_before(cutoff: datetime) -> int:
    """Delete enquiries created before ``cutoff``; returns how many; commits."""
    result = db.session.execute(delete(Enquiry).where(Enquiry.created_at < cutoff))
    db.session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
