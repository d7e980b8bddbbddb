"""The demo data shows every issue-16 feature: hours, access, checked and pending clinic
registrations, home visits, languages, consultation fees and placeholder photos, each on
a realistic share of the listings, and search finds them through the filters."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from directory import storage
from directory.clock import today
from directory.extensions import db
from directory.models import (
    ClaimStatus,
    Clinic,
    ClinicRegistration,
    ConsultationFee,
    OpeningHours,
    Photo,
    Practitioner,
    PublicationState,
)
from directory.services import finder
from directory.services.registrations import regulator_for

pytestmark = pytest.mark.read_only


def _all(model):
    return db.session.scalars(db.select(model)).all()


def test_every_clinic_has_hours_in_varied_patterns(indexed):
    clinics = _all(Clinic)
    assert all(c.hours for c in clinics)
    weeks = [{h.weekday for h in c.hours} for c in clinics]
    weekday_only = sum(days <= set(range(5)) for days in weeks)
    saturday = sum(5 in days for days in weeks)
    sunday = sum(6 in days for days in weeks)
    hours = _all(OpeningHours)
    by_appointment = [h for h in hours if h.by_appointment]
    assert weekday_only >= 80 and saturday >= 80 and sunday >= 10
    assert len(by_appointment) >= 50
    assert all(h.opens is None and h.closes is None for h in by_appointment)
    assert all(h.opens < h.closes for h in hours if not h.by_appointment)
    # Saturday mornings: opens at nine, closed by half past one.
    mornings = [h for h in hours if h.weekday == 5 and h.closes and h.closes.hour <= 13]
    assert len(mornings) >= 40


def test_access_details_on_a_realistic_share(indexed):
    clinics = _all(Clinic)
    step_free = Counter(c.step_free for c in clinics)
    assert 0.4 <= step_free[True] / len(clinics) <= 0.7
    assert step_free[False] >= 40 and step_free[None] >= 40  # "not said" is not "no"
    toilets = [c for c in clinics if c.accessible_toilet]
    assert len(toilets) >= 60 and all(c.step_free for c in toilets)
    assert sum(bool(c.parking) for c in clinics) >= 200
    stations = {c.nearest_station for c in clinics if c.nearest_station}
    assert sum(bool(c.nearest_station) for c in clinics) >= 150
    assert {"Birmingham New Street", "Leeds", "Cardiff Central"} & stations


def test_registrations_match_the_nation_some_checked_some_waiting(indexed):
    registrations = _all(ClinicRegistration)
    status = Counter(r.status for r in registrations)
    assert status[ClaimStatus.VERIFIED] >= 40 and status[ClaimStatus.PENDING] >= 10
    assert set(status) == {ClaimStatus.VERIFIED, ClaimStatus.PENDING}
    assert all(r.regulator == regulator_for(r.clinic).slug for r in registrations)
    assert {"cqc", "his", "hiw"} <= {r.regulator for r in registrations}
    day, files = today(), storage.backend()
    for r in registrations:
        if r.status is ClaimStatus.VERIFIED:
            assert r.decided_at and r.expires_on > day and r.is_current(day)
            assert r.expires_on <= day + timedelta(days=366) and r.register_note
        else:  # an admin trying the queue has a certificate to open
            assert r.decided_at is None and files.exists(r.evidence_path)
            assert r.evidence_mimetype == "application/pdf"
    # Only clinics the public sees carry one, so each shows on a published profile.
    assert all(
        any(p.state is PublicationState.PUBLISHED for p in r.clinic.practitioners)
        for r in registrations
    )


def test_home_visits_languages_and_consultation_fees(indexed):
    practitioners = _all(Practitioner)
    mobile = [p for p in practitioners if p.travels]
    assert len(mobile) >= 20
    assert all(
        p.state is PublicationState.PUBLISHED and p.travel_miles in range(5, 31) for p in mobile
    )
    assert all(" " not in p.travel_postcode for p in mobile)  # a district, never a home
    assert sum(bool(p.languages) for p in practitioners) >= 60
    assert "cy" in {code for p in practitioners for code in p.languages}
    fees = Counter(p.consultation for p in practitioners)
    assert all(fees[kind] >= 20 for kind in ConsultationFee) and fees[None] >= 20
    for p in practitioners:
        charged = p.consultation in (ConsultationFee.DEDUCTED, ConsultationFee.CHARGED)
        assert (p.consultation_fee_pence is not None) == charged


def test_placeholder_photos_are_marked_as_demo_and_served(indexed, client):
    photos = _all(Photo)
    profile = [p for p in photos if p.clinic_id is None]
    clinic = [p for p in photos if p.clinic_id is not None]
    assert len(profile) >= 50 and len(clinic) >= 80
    assert all(p.alt.startswith("Demo placeholder image") for p in photos)
    assert all(
        p.practitioner.is_demo and p.practitioner.state is PublicationState.PUBLISHED
        for p in photos
    )
    assert all(p.clinic in p.practitioner.clinics for p in clinic)
    first = photos[0]
    with client.get(f"/photos/{first.id}/{first.digest}-{first.widths[0]}.webp") as answer:
        assert answer.status_code == 200 and answer.get_data()[8:12] == b"WEBP"


def test_search_finds_demo_listings_through_the_new_filters(indexed):
    def total(**filters: object) -> int:
        return finder.find(
            "Birmingham", None, None, 100, None, None, None, None, 1, 10, checked="any", **filters
        ).total

    everyone = total()
    assert everyone > 0
    for name in ("registered", "step_free", "weekends", "mobile"):
        narrowed = total(**{name: True})
        assert 0 < narrowed < everyone, name
    assert 0 < total(registered=True, step_free=True) < everyone


def test_a_demo_profile_shows_its_checked_registration_without_a_regulator_link(indexed, client):
    # Demo numbers are made up: a link to the regulator's page for them would find nothing.
    checked = next(
        r
        for r in _all(ClinicRegistration)
        if r.status is ClaimStatus.VERIFIED
        and r.public_url
        and any(p.state is PublicationState.PUBLISHED for p in r.clinic.practitioners)
    )
    owner = next(p for p in checked.clinic.practitioners if p.state is PublicationState.PUBLISHED)
    page = client.get(f"/practitioners/{owner.slug}").text
    assert f"{checked.issuer} registered</strong> · checked on" in page
    assert checked.public_url not in page
