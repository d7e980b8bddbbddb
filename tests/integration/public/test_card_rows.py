"""The result cards read as plain rows (``finder_rows``) say what the ORM objects say,
for every published practitioner and whatever number of ids a page asks for."""

from __future__ import annotations

import pytest

from directory.extensions import db
from directory.models import ClaimStatus, Practitioner, PublicationState
from directory.services import finder_rows

pytestmark = pytest.mark.read_only


def _expected(orm: Practitioner) -> dict[str, object]:
    return {
        "slug": orm.slug,
        "clinics": [(c.id, c.name, c.town, c.postcode) for c in orm.clinics],
        "offers": sorted((o.treatment.slug, o.price_from_pence) for o in orm.offers),
        "claims": sorted((c.body.slug, c.number, c.status, c.expires_on) for c in orm.claims),
        # Only the checked ones, each once, by kind, though a clinic has several people.
        "registrations": {
            c.id: sorted(
                (r.kind, r.number, r.expires_on)
                for r in c.registrations
                if r.status == ClaimStatus.VERIFIED
            )
            for c in orm.clinics
        },
    }


def _read(card: finder_rows.CardData) -> dict[str, object]:
    return {
        "slug": card.practitioner.slug,
        "clinics": [(c.id, c.name, c.town, c.postcode) for c in card.clinics],
        "offers": sorted((o.treatment.slug, o.price_from_pence) for o in card.offers),
        "claims": sorted((c.body.slug, c.number, c.status, c.expires_on) for c in card.claims),
        "registrations": {
            c.id: [(r.kind, r.number, r.expires_on) for r in card.registrations.get(c.id, [])]
            for c in card.clinics
        },
    }


def test_cards_read_as_rows_match_the_models_in_lists_of_any_length(seeded):
    people = list(db.session.scalars(db.select(Practitioner).order_by(Practitioner.id)))
    published = [p for p in people if p.state == PublicationState.PUBLISHED]
    expected = {p.id: _expected(p) for p in published}
    # The demo has clinics shared by several practitioners, with checked and pending
    # registrations on them: the case the registration statement must get right.
    assert any(len(p.clinics[0].practitioners) > 1 for p in published if p.clinics)
    assert any(
        r.status != ClaimStatus.VERIFIED
        for p in published
        for c in p.clinics
        for r in c.registrations
    )
    ids = [p.id for p in people]  # unpublished ones too: they are left out
    for size in (1, 2, 3, 5, 17, 20, len(ids)):
        for start in range(0, len(ids), size):
            chunk = ids[start : start + size]
            found = finder_rows.load(chunk)
            assert set(found) == {i for i in chunk if i in expected}
            for pid, card in found.items():
                assert _read(card) == expected[pid]
    # A repeated id is one card.
    first = published[0].id
    assert list(finder_rows.load([first, first, first])) == [first]
