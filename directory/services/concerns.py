"""Report a concern about a listed practitioner: it lands, open, in the admins' queue."""

from __future__ import annotations

from directory.extensions import db
from directory.models.concerns import Concern, ConcernReason
from directory.services import ServiceError, audit
from directory.services.profiles import get_public_practitioner

MIN_DETAILS = 10
MAX_DETAILS = 3000


class ConcernError(ServiceError):
    code = "invalid_concern"


def report(slug: str, reason: str, details: str, reporter_email: str | None = None) -> Concern:
    """Record an open concern about the published practitioner ``slug``, audit it, commit.

    Raises ``NotFound`` when the practitioner is not public and ``ConcernError`` when the
    reason is unknown or the details are too short or too long. The reporter is anonymous
    in the audit log; their email, if given, is kept only on the concern for a reply.
    """
    practitioner = get_public_practitioner(slug)
    try:
        why = ConcernReason(reason)
    except ValueError:
        raise ConcernError("Choose what your concern is about.") from None
    text = details.strip()
    if not MIN_DETAILS <= len(text) <= MAX_DETAILS:
        raise ConcernError(f"Tell us what happened in {MIN_DETAILS} to {MAX_DETAILS} characters.")
    email = (reporter_email or "").strip().lower() or None
    concern = Concern(practitioner=practitioner, reason=why, details=text, reporter_email=email)
    db.session.add(concern)
    db.session.flush()
    audit.record(
        "concern.report",
        "concern",
        concern.id,
        actor_label="public",
        practitioner_id=practitioner.id,
        after={"reason": why.value},
    )
    db.session.commit()
    return concern
