"""What the public may read as fact about a practitioner: only what an admin checked.

One home for the rule, used by cards, profiles, the API, JSON-LD and the index:

- a practitioner is *checked* while at least one credential is verified and current;
- their profession (and the title "Dr") is fact only while a statutory registration
  with a regulator of that profession is verified and current; otherwise it is
  the practitioner's own statement and is shown as such, or not at all;
- prescriber status is what the admin recorded from the register when approving a
  current registration (a doctor registered with the GMC is a prescriber).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from directory.models import CredentialClaim, Practitioner, Profession
from directory.models.credentials import registers_profession, shows_prescriber

# Titles that claim a medical or dental degree: shown only with a checked profession.
DOCTOR_TITLES = frozenset({"dr", "dr.", "doctor"})


def is_doctor_title(title: str | None) -> bool:
    return (title or "").strip().casefold() in DOCTOR_TITLES


def claims_profession(claim: CredentialClaim, profession: Profession | str) -> bool:
    """True when ``claim`` is a statutory registration covering ``profession``."""
    return registers_profession(claim.body.kind, claim.body.professions, str(profession))


def grants_prescribing(claim: CredentialClaim) -> bool:
    """True when an admin's approval of ``claim`` makes its holder a checked prescriber."""
    return shows_prescriber(claim.body.kind, claim.body.slug, claim.prescriber)


@dataclass(frozen=True)
class Standing:
    """The checked facts about one practitioner on one day."""

    checked: bool
    profession: Profession | None  # the checked profession, else None
    stated_profession: Profession  # what they told us
    title: str  # the title to show ("" when it claims what nobody checked)
    prescriber: CredentialClaim | None  # the current registration that shows it
    registration: CredentialClaim | None  # the current registration for the profession

    @property
    def profession_checked(self) -> bool:
        return self.profession is not None


def standing(practitioner: Practitioner, current: Iterable[CredentialClaim]) -> Standing:
    """The practitioner's ``Standing`` from ``current``, their claims that are verified
    and unexpired today (the caller has already judged the day)."""
    claims = list(current)
    stated = practitioner.profession
    registration = None
    if stated is not Profession.OTHER:
        registration = next((c for c in claims if claims_profession(c, stated)), None)
    title = practitioner.title or ""
    if is_doctor_title(title) and registration is None:
        title = ""
    prescriber = next((c for c in claims if grants_prescribing(c)), None)
    return Standing(
        checked=bool(claims),
        profession=stated if registration is not None else None,
        stated_profession=stated,
        title=title,
        prescriber=prescriber,
        registration=registration,
    )


def public_name(practitioner: Practitioner, facts: Standing) -> str:
    """The name to show: the display name with only a title that may be shown."""
    return f"{facts.title} {practitioner.display_name}".strip()


def standing_on(practitioner: Practitioner, today: date) -> Standing:
    """``standing`` judged from the practitioner's loaded claims on ``today``."""
    return standing(practitioner, (c for c in practitioner.claims if c.is_current(today)))
