"""The database fallback's facet counts (``fallback``): per treatment, current
accreditation, checked profession, language and clinic switch, as the engine counts them.
"""

from __future__ import annotations

from datetime import date

from directory.extensions import db
from directory.models import (
    AccreditationBody,
    BodyKind,
    CredentialClaim,
    Practitioner,
    Treatment,
    TreatmentOffer,
)
from directory.search import fallback_filters
from directory.search.facets import FACETS
from directory.search.types import REGULATED


def facets(within: dict[str, set[int]], today: date, mobile: set[int]) -> dict[str, dict[str, int]]:
    """Counts per facet, each over its own practitioner ids in ``within``; ``mobile``
    holds the ids the "mobile" switch allows."""
    every = set().union(*within.values())
    counts: dict[str, dict[str, int]] = {name: {} for name in (*FACETS, "clinic")}
    if not every:
        return counts
    if found := len(within["mobile"] & mobile):
        counts["clinic"]["mobile"] = found
    for name, clinic_has in fallback_filters.switches(today).items():
        having = db.select(Practitioner.id).where(Practitioner.clinics.any(clinic_has))
        if found := len(
            {
                pid
                for chunk in fallback_filters.chunks(sorted(within[name]))
                for pid in db.session.scalars(having.where(Practitioner.id.in_(chunk)))
            }
        ):
            counts["clinic"][name] = found
    spoken = db.select(Practitioner.id, Practitioner.languages)
    for chunk in fallback_filters.chunks(sorted(within["language"])):
        for _, codes in db.session.execute(spoken.where(Practitioner.id.in_(chunk))):
            for code in set(codes or []):
                counts["language"][code] = counts["language"].get(code, 0) + 1
    regulator = AccreditationBody.kind == BodyKind.REGULATOR
    queries = {
        "treatment": db.select(TreatmentOffer.practitioner_id, Treatment.slug).join(Treatment),
        "accreditation": db.select(CredentialClaim.practitioner_id, AccreditationBody.slug)
        .join(AccreditationBody)
        .where(CredentialClaim.is_current(today)),
        "profession": db.select(Practitioner.id, Practitioner.profession).where(
            Practitioner.id.in_(fallback_filters.profession_checked(today))
        ),
        REGULATED: db.select(CredentialClaim.practitioner_id, AccreditationBody.kind)
        .join(AccreditationBody)
        .where(CredentialClaim.is_current(today), regulator),
    }
    for name, stmt in queries.items():
        ids = within["profession" if name == REGULATED else name]
        owner = stmt.selected_columns[0]
        # Chunks keep the IN lists within every backend's parameter limits.
        pairs = {
            (pid, str(value))
            for chunk in fallback_filters.chunks(sorted(ids))
            for pid, value in db.session.execute(stmt.where(owner.in_(chunk)))
        }
        if name == REGULATED:
            if regulated := len({pid for pid, _ in pairs}):
                counts["profession"][REGULATED] = regulated
            continue
        for _, value in pairs:
            counts[name][value] = counts[name].get(value, 0) + 1
    return {k: dict(sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))) for k, v in counts.items()}
