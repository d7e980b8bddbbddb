"""The statutory regulators the code knows (GMC, NMC, GDC, GPhC, PSNI, HCPC), how each
register shows its registrant's right to prescribe, and what a verified claim with one
makes a checked fact: the registered profession, and being a prescriber.

The bodies themselves (names, number formats, the professions each registers) are data,
in ``seed_data/bodies.yaml`` with kind "regulator"; a unit test keeps the two in step.
"""

from __future__ import annotations

from enum import StrEnum

from directory.models.credentials import BodyKind


class Prescribing(StrEnum):
    """How a statutory register shows its registrant's right to prescribe."""

    BY_REGISTRATION = "registration"  # being on it is enough (a GMC doctor with a licence)
    ANNOTATED = "annotated"  # the entry carries an independent-prescriber annotation
    NOT_SHOWN = "not_shown"  # nothing to record


# The statutory regulators the code knows, by body slug: the one list.
REGULATORS: dict[str, Prescribing] = {
    "gmc": Prescribing.BY_REGISTRATION,
    "nmc": Prescribing.ANNOTATED,
    "gdc": Prescribing.NOT_SHOWN,
    "gphc": Prescribing.ANNOTATED,
    "psni": Prescribing.ANNOTATED,
    "hcpc": Prescribing.ANNOTATED,
}
PRESCRIBING_BY_REGISTRATION = frozenset(
    slug for slug, way in REGULATORS.items() if way is Prescribing.BY_REGISTRATION
)
PRESCRIBER_ANNOTATED = frozenset(
    slug for slug, way in REGULATORS.items() if way is Prescribing.ANNOTATED
)


def records_prescribing(slug: str) -> bool:
    """True when an approval with the body ``slug`` records the prescriber question."""
    return slug in PRESCRIBING_BY_REGISTRATION or slug in PRESCRIBER_ANNOTATED


def registers_profession(kind: BodyKind, professions: list[str] | None, profession: str) -> bool:
    """True when a body of ``kind`` listing ``professions`` is the statutory regulator of
    ``profession``: a verified claim with it makes that profession a checked fact."""
    return kind is BodyKind.REGULATOR and profession in (professions or [])


def shows_prescriber(kind: BodyKind, slug: str, prescriber: bool | None) -> bool:
    """True when a verified claim (of a body of ``kind`` and ``slug``, with the admin's
    ``prescriber`` record) makes its holder a checked prescriber."""
    if kind is not BodyKind.REGULATOR:
        return False
    if slug in PRESCRIBING_BY_REGISTRATION:
        return prescriber is not False
    return bool(prescriber)
