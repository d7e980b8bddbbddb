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
from datetime import date, datetime
from typing import Protocol

from directory.models import AccreditationBody, Practitioner, Profession
from directory.models.statutory_regulators import registers_profession, shows_prescriber

# Titles that claim a medical or dental degree: shown only with a checked profession.
DOCTOR_TITLES = frozenset({"dr", "dr.", "doctor"})


class Person(Protocol):
    """What the rules read of a practitioner: a ``Practitioner``, or the plain record
    the result cards are read into (``finder_rows.CardPractitioner``)."""

    @property
    def title(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def profession(self) -> Profession: ...


class Claim(Protocol):
    """What the rules and badges read of a credential claim: a ``CredentialClaim``, or
    the plain record of the result cards (``finder_rows.CardClaim``)."""

    @property
    def body(self) -> AccreditationBody: ...
    @property
    def number(self) -> str: ...
    @property
    def decided_at(self) -> datetime | None: ...
    @property
    def expires_on(self) -> date | None: ...
    @property
    def prescriber(self) -> bool | None: ...
    @property
    def register_conditions(self) -> str | None: ...


def is_doctor_title(title: str | None) -> bool:
    return (title or "").strip().casefold() in DOCTOR_TITLES


def claims_profession(claim: Claim, profession: Profession | str) -> bool:
    """True when ``claim`` is a statutory registration covering ``profession``."""
    return registers_profession(claim.body.kind, claim.body.professions, str(profession))


def grants_prescribing(claim: Claim) -> bool:
    """True when an admin's approval of ``claim`` makes its holder a checked prescriber."""
    return shows_prescriber(claim.body.kind, claim.body.slug, claim.prescriber)


@dataclass(frozen=True)
class Standing:
    """The checked facts about one practitioner on one day."""

    checked: bool
    profession: Profession | None  # the checked profession, else None
    stated_profession: Profession  # what they told us
    title: str  # the title to show ("" when it claims what nobody checked)
    prescriber: Claim | None  # the current registration that shows it
    registration: Claim | None  # the current registration for the profession

    @property
    def profession_checked(self) -> bool:
        return self.profession is not None


def standing(practitioner: Person, current: Iterable[Claim]) -> Standing:
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


def public_name(practitioner: Person, facts: Standing) -> str:
    """The name to show: the display name with only a title that may be shown."""
    return f"{facts.title} {practitioner.display_name}".strip()


def standing_on(practitioner: Practitioner, today: date) -> Standing:
    """``standing`` judged from the practitioner's loaded claims on ``today``."""
    return standing(practitioner, (c for c in practitioner.claims if c.is_current(today)))
