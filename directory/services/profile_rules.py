"""The rules a practitioner's own edits share: the error they raise, the checks of a
statutory registration and of a web link, and that a live profile keeps at least one
clinic and one treatment, so what the public finds is never an empty listing.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from directory.extensions import db
from directory.models import AccreditationBody, BodyKind, Practitioner, Profession
from directory.services import ServiceError


class ProfileError(ServiceError):
    """A profile rule was broken; ``field`` names the input at fault, when there is one."""

    code = "invalid_profile"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def check_registration(
    profession: Profession, regulator_id: int | None, number: str | None
) -> tuple[int | None, str | None]:
    """Return the (regulator id, normalised number) to store, or raise ``ProfileError``.

    A regulated profession needs its statutory regulator and a number in that body's
    format (GMC and GPhC seven digits, NMC like 12A3456E, GDC digits); "other" has neither.
    """
    cleaned = re.sub(r"\s+", "", number or "").upper() or None
    if profession is Profession.OTHER:
        if regulator_id:
            raise ProfileError(
                "Choose “None” as regulator for a profession that is not regulated.", "regulator"
            )
        if cleaned:
            raise ProfileError(
                "Leave the number empty for a profession that is not regulated.",
                "registration_number",
            )
        return None, None
    body = db.session.get(AccreditationBody, regulator_id) if regulator_id else None
    if body is None or body.kind is not BodyKind.REGULATOR:
        raise ProfileError("Choose the statutory regulator of your profession.", "regulator")
    if profession.value not in (body.professions or []):
        raise ProfileError(
            f"The {body.short_name} does not regulate the {profession.value} profession.",
            "regulator",
        )
    example = f" (for example {body.number_example})" if body.number_example else ""
    if cleaned is None:
        raise ProfileError(f"Enter your {body.short_name} number{example}.", "registration_number")
    if not re.fullmatch(body.number_pattern, cleaned):
        raise ProfileError(
            f"That is not a valid {body.short_name} number{example}.", "registration_number"
        )
    return body.id, cleaned


def check_web_link(value: str | None, field: str) -> str | None:
    """``value`` if it is an http(s) address with a host, None if empty; else ``ProfileError``.

    The public page links to it, so no other scheme (``javascript:``, ``data:``) may pass.
    """
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ProfileError("Enter a full web address starting with https://.", field)
    return value


def keep_one(practitioner: Practitioner, remaining: int, what: str) -> None:
    """Refuse (``ProfileError``) to leave a live profile with no ``what`` (clinic or
    treatment); called under ``ownership.lock_profile`` so the count stays true."""
    if practitioner.is_public and remaining < 1:
        db.session.rollback()  # let go of the profile's lock before the page is shown
        raise ProfileError(
            f"Your profile is live, so it needs at least one {what}. Add another {what} "
            "first, or hide your profile."
        )
