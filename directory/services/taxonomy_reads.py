"""What the public reads of the taxonomy: the treatments (and which one a typed word
names) and the accreditation bodies, from this process's shared read-only copy
(``taxonomy_cache``). Admins' edits are ``taxonomy``.
"""

from __future__ import annotations

from directory.extensions import db
from directory.models import AccreditationBody, BodyKind, Treatment
from directory.services import NotFound
from directory.services.taxonomy_cache import derived

# Registers first, then memberships, then statutory regulators: badges and body lists.
BODY_ORDER = {BodyKind.REGISTER: 0, BodyKind.MEMBERSHIP: 1, BodyKind.REGULATOR: 2}


def list_treatments() -> list[Treatment]:
    """The whole taxonomy, by category then name (shared read-only copies, see
    ``taxonomy_cache``)."""
    return list(derived("treatments", lambda tx: sorted(tx[0], key=lambda t: (t.category, t.name))))


def get_treatment(slug: str) -> Treatment:
    """The treatment with this slug. Raises ``NotFound``."""
    treatment = db.session.scalar(db.select(Treatment).filter_by(slug=slug))
    if treatment is None:
        raise NotFound("We have no guide for that treatment.")
    return treatment


def treatment_slug_for(text: str, treatments: list[Treatment] | None = None) -> str | None:
    """The slug of the treatment that ``text`` names: its slug, its name or one of its
    everyday words ("Botox" -> "anti-wrinkle-injections"), case-insensitively; None
    when no treatment, or more than one, answers to it. ``treatments`` saves a query
    when the caller has already loaded the taxonomy."""
    key = _words(text)
    if not key:
        return None
    # The whole taxonomy's words are indexed once per process copy; a caller's own
    # list (a subset, or objects not from the copy) is indexed afresh.
    if treatments is None or treatments == list_treatments():
        index = derived("treatment words", lambda tx: _word_index(tx[0]))
    else:
        index = _word_index(treatments)
    found = index.get(key, set())
    return next(iter(found)) if len(found) == 1 else None


def _words(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").split())


def _word_index(treatments: list[Treatment]) -> dict[str, set[str]]:
    """Every slug, name and everyday word (normalised as ``_words``) -> the slugs of the
    treatments it names."""
    index: dict[str, set[str]] = {}
    for treatment in treatments:
        words = {treatment.slug.replace("-", " "), treatment.name.casefold()}
        words |= {_words(w) for w in treatment.synonyms or []}
        for word in words:
            index.setdefault(word, set()).add(treatment.slug)
    return index


def list_bodies() -> list[AccreditationBody]:
    """Every accreditation body: registers, then memberships, then statutory regulators."""
    return list(
        derived(
            "bodies",
            lambda tx: sorted(
                tx[1], key=lambda b: (BODY_ORDER.get(b.kind, 9), b.short_name.lower())
            ),
        )
    )
