"""The taxonomy snapshot the index was built with: treatments (names, synonyms) and
accreditation bodies (names, kinds).

It is read from the database at rebuild and saved beside the index, so queries never
touch the database for it, and an admin's new synonym takes effect at the next rebuild
(the seed and admin services queue one with ``outbox.mark_everything()``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from directory.extensions import db
from directory.models import AccreditationBody, Treatment
from directory.search import analysis

REGULATOR_KIND = "regulator"


@dataclass(frozen=True)
class TreatmentInfo:
    slug: str
    name: str
    category: str
    synonyms: tuple[str, ...]

    def vocabulary(self) -> str:
        """Every word that names this treatment, as one string to analyse."""
        return " ".join((self.name, self.slug.replace("-", " "), *self.synonyms))


@dataclass(frozen=True)
class BodyInfo:
    slug: str
    name: str
    short_name: str
    kind: str


@dataclass
class Taxonomy:
    treatments: dict[str, TreatmentInfo] = field(default_factory=dict)
    bodies: dict[str, BodyInfo] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_term: dict[str, set[str]] = defaultdict(set)
        for info in self.treatments.values():
            for term in analysis.terms(info.vocabulary()):
                by_term[term].add(info.slug)
        self._by_term = {term: tuple(sorted(slugs)) for term, slugs in by_term.items()}

    def treatments_for_term(self, term: str) -> tuple[str, ...]:
        """Slugs of the treatments whose name or synonyms contain the index ``term``."""
        return self._by_term.get(term, ())

    def ranked_treatments(self, terms: list[str]) -> tuple[str, ...]:
        """Treatments named by any of ``terms``, those matching most terms first."""
        counts: dict[str, int] = defaultdict(int)
        for term in terms:
            for slug in self.treatments_for_term(term):
                counts[slug] += 1
        return tuple(sorted(counts, key=lambda s: (-counts[s], self.treatments[s].name)))

    @property
    def regulators(self) -> frozenset[str]:
        return frozenset(s for s, b in self.bodies.items() if b.kind == REGULATOR_KIND)

    def spelling_words(self) -> set[str]:
        """Unstemmed words of every treatment name and synonym (typo correction)."""
        found: set[str] = set()
        for info in self.treatments.values():
            found.update(analysis.words(info.vocabulary()))
        return found

    def save(self, path: Path) -> None:
        data = {
            "treatments": [asdict(t) for t in self.treatments.values()],
            "bodies": [asdict(b) for b in self.bodies.values()],
        }
        path.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Taxonomy:
        """Read a saved snapshot; raises ``OSError`` or ``ValueError`` if unreadable."""
        data = json.loads(path.read_text(encoding="utf-8"))
        treatments = {}
        for row in data["treatments"]:
            row["synonyms"] = tuple(row["synonyms"])
            treatments[row["slug"]] = TreatmentInfo(**row)
        bodies = {row["slug"]: BodyInfo(**row) for row in data["bodies"]}
        return cls(treatments, bodies)


def from_database() -> Taxonomy:
    """The current taxonomy from the database (read only)."""
    treatments = {
        t.slug: TreatmentInfo(t.slug, t.name, t.category, tuple(t.synonyms or ()))
        for t in db.session.scalars(db.select(Treatment).order_by(Treatment.slug))
    }
    bodies = {
        b.slug: BodyInfo(b.slug, b.name, b.short_name, str(b.kind))
        for b in db.session.scalars(db.select(AccreditationBody).order_by(AccreditationBody.slug))
    }
    return Taxonomy(treatments, bodies)
