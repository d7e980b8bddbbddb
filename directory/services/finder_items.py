"""One page of search hits read as result cards: the practitioners with their clinics,
offers, current credentials and clinic registrations, in hit order (``finder.find``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from directory import search
from directory.services import finder_rows, trust
from directory.services.finder_rows import (
    CardClaim,
    CardClinic,
    CardData,
    CardOffer,
    CardPractitioner,
    CardRegistration,
)


@dataclass(frozen=True)
class FinderItem:
    practitioner: CardPractitioner
    distance_miles: float | None
    clinic: CardClinic | None  # nearest to the point, else the first
    treatments: list[CardOffer]  # matching ones first
    matching_treatments: list[CardOffer]
    credentials: list[CardClaim]  # current on the day of the search only
    standing: trust.Standing  # what of the practitioner's own statements is checked
    # The shown clinic's registrations current on the day of the search (regulator first).
    registrations: list[CardRegistration] = field(default_factory=list)
    # They travel to the searcher, up to this many miles (then ``distance_miles`` is 0).
    travel_miles: int | None = None

    @property
    def checked(self) -> bool:
        return self.standing.checked


def load_items(
    results: search.SearchResults, treatment: str | None, today: date
) -> list[FinderItem]:
    """The hits' practitioners with everything a result card shows, in hit order.

    Four statements for the whole page, read as plain rows (``finder_rows``). A hit
    whose practitioner is no longer published (the index lags by about a second) is
    dropped.
    """
    found = finder_rows.load([hit.practitioner_id for hit in results.hits])
    wanted = ([treatment] if treatment else []) + list(results.matched_treatments)
    items = []
    for hit in results.hits:
        data = found.get(hit.practitioner_id)
        if data is not None:
            items.append(_item(data, hit, wanted, today))
    return items


def _item(data: CardData, hit: search.Hit, wanted: list[str], today: date) -> FinderItem:
    rank = {slug: i for i, slug in reversed(list(enumerate(wanted)))}
    offers = sorted(
        data.offers, key=lambda o: (rank.get(o.treatment.slug, len(rank)), o.treatment.name)
    )
    matching = [o for o in offers if o.treatment.slug in rank]
    clinics = data.clinics
    clinic = next((c for c in clinics if c.id == hit.clinic_id), clinics[0] if clinics else None)
    credentials = sorted((c for c in data.claims if c.is_current(today)), key=lambda c: c.body.name)
    registrations = (
        [r for r in data.registrations.get(clinic.id, []) if r.is_current(today)]
        if clinic is not None
        else []
    )
    return FinderItem(
        data.practitioner,
        hit.distance_miles,
        clinic,
        offers,
        matching,
        credentials,
        trust.standing(data.practitioner, credentials),
        registrations,
        hit.travel_miles,
    )
