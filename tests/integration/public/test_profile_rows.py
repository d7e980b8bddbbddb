"""The profile read as plain rows says exactly what the ORM objects say."""

from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy import inspect

from directory.extensions import db
from directory.models import OpeningHours, Practitioner, PublicationState
from directory.services import profile_rows, profiles
from tests.factories import make_account


def _columns(obj: object, model: type) -> dict[str, object]:
    return {a.key: getattr(obj, a.key) for a in inspect(model).column_attrs}


def _same(row: object, orm: object) -> None:
    model = type(orm)
    assert _columns(row, model) == _columns(orm, model)


def _give_hours_and_owners(practitioner: Practitioner, other: Practitioner) -> None:
    practitioner.owner = make_account("owner@example.com")
    other.owner = make_account("suspended-owner@example.com")
    other.owner.is_active = False
    clinic = practitioner.clinics[0]
    clinic.hours.clear()  # the demo's own week goes first (one row per day)
    db.session.flush()
    clinic.hours = [OpeningHours(weekday=d, opens=time(9), closes=time(17)) for d in (4, 0, 2)]
    clinic.hours.append(OpeningHours(weekday=5, by_appointment=True))
    db.session.commit()


def test_every_public_profile_reads_the_same_as_rows_and_as_objects(seeded):
    people = list(
        db.session.scalars(
            db.select(Practitioner)
            .where(Practitioner.state.in_([PublicationState.PUBLISHED, PublicationState.SUSPENDED]))
            .order_by(Practitioner.id)
        )
    )
    with_clinics = [p for p in people if p.clinics]
    _give_hours_and_owners(with_clinics[0], with_clinics[1])
    db.session.expire_all()
    seen = {"clinics": 0, "hours": 0, "offers": 0, "claims": 0, "owner": 0, "regulator": 0}
    for orm in people:
        row = profile_rows.load(orm.slug)
        _same(row, orm)
        assert (row.regulator and row.regulator.id) == (orm.regulator and orm.regulator.id)
        assert [c.id for c in row.clinics] == [c.id for c in orm.clinics]
        for r_clinic, o_clinic in zip(row.clinics, orm.clinics, strict=True):
            _same(r_clinic, o_clinic)
            assert [h.weekday for h in r_clinic.hours] == [h.weekday for h in o_clinic.hours]
            for r_hours, o_hours in zip(r_clinic.hours, o_clinic.hours, strict=True):
                _same(r_hours, o_hours)
                assert r_hours.day_name == o_hours.day_name
            seen["hours"] += len(r_clinic.hours)
        offers = {o.id: o for o in orm.offers}
        assert sorted(offers) == sorted(o.id for o in row.offers)
        for offer in row.offers:
            _same(offer, offers[offer.id])
            assert offer.treatment.slug == offers[offer.id].treatment.slug
        claims = {c.id: c for c in orm.claims}
        assert sorted(claims) == sorted(c.id for c in row.claims)
        for claim in row.claims:
            _same(claim, claims[claim.id])
            assert claim.body.slug == claims[claim.id].body.slug
            assert claim.is_current(profiles.today()) == claims[claim.id].is_current(
                profiles.today()
            )
        if orm.owner is not None:
            assert row.owner.email_verified == orm.owner.email_verified
            assert row.owner.is_active == orm.owner.is_active
            assert not hasattr(row.owner, "password_hash")  # only what the page needs
        else:
            assert row.owner is None
        assert (row.full_name, row.is_public) == (orm.full_name, orm.is_public)
        for key, found in (
            ("clinics", row.clinics),
            ("offers", row.offers),
            ("claims", row.claims),
            ("owner", row.owner),
            ("regulator", row.regulator),
        ):
            seen[key] += bool(found)
    assert all(seen.values()), f"the demo data left something unchecked: {seen}"


def test_rows_are_read_only_and_drafts_are_not_read(seeded):
    draft = db.session.scalars(
        db.select(Practitioner).filter_by(state=PublicationState.DRAFT)
    ).first()
    assert draft is not None
    assert profile_rows.load(draft.slug) is None
    assert profile_rows.load("no-such-practitioner") is None
    published = db.session.scalars(
        db.select(Practitioner).filter_by(state=PublicationState.PUBLISHED)
    ).first()
    row = profile_rows.load(published.slug)
    with pytest.raises(AttributeError):
        row.bio = "changed"
    with pytest.raises(AttributeError):
        row.clinics[0].name = "changed"
