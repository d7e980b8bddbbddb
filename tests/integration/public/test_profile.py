"""The practitioner profile page and the report-a-concern form."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from directory import clock
from directory.extensions import db
from directory.models import AccreditationBody, ClaimStatus, CredentialClaim, PublicationState
from directory.services import profiles

from ._support import practitioner_in, published_with_badges

# Tests here only read, but those marked read_only(False): they share one indexed app
# (see tests/conftest.py).
pytestmark = pytest.mark.read_only


def _jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_profile_shows_who_checked_what_and_how_to_book(seeded, client):
    p = published_with_badges()
    page = client.get(f"/practitioners/{p.slug}")
    assert page.status_code == 200
    html = page.text
    assert p.full_name in html
    assert "Demo listing" in html
    badges = profiles.current_badges(p)
    for badge in badges:
        assert badge.body.name in html
        assert (
            f"Checked by us on {badge.verified_on.day} {badge.verified_on.strftime('%b %Y')}"
            in html
        )
        if badge.valid_until:
            assert (
                f"valid until {badge.valid_until.day} {badge.valid_until.strftime('%b %Y')}" in html
            )
    assert p.registration_number in html
    if p.regulator.register_url:
        assert f'href="{p.regulator.register_url}"' in html
    for offer in p.offers:
        assert offer.treatment.name in html
    for clinic in p.clinics:
        assert clinic.postcode in html
        assert "https://www.google.com/maps/search/?api=1&amp;query=" in html
    if p.booking_url:
        assert f'href="{p.booking_url}"' in html
    if p.phone:
        assert 'href="tel:' in html


@pytest.mark.read_only(False)  # it commits changes
def test_profile_never_shows_unverified_or_expired_claims_as_badges(seeded, client):
    p = published_with_badges()
    current = profiles.current_badges(p)[0]
    claim = next(
        c for c in p.claims if c.body.id == current.body.id and c.status is ClaimStatus.VERIFIED
    )
    claim.expires_on = clock.today() - timedelta(days=1)
    # A pending claim to a body without an open claim (the database allows one per body).
    still_open = (ClaimStatus.PENDING, ClaimStatus.VERIFIED)
    open_bodies = {c.body_id for c in p.claims if c.status in still_open}
    spare = db.session.scalars(
        db.select(AccreditationBody).where(AccreditationBody.id.not_in(open_bodies))
    ).first()
    pending = CredentialClaim(
        practitioner=p, body=spare, number="PENDING-1", status=ClaimStatus.PENDING
    )
    db.session.add(pending)
    db.session.commit()
    html = client.get(f"/practitioners/{p.slug}").text
    assert "PENDING-1" not in html
    assert all(
        b.body.id != claim.body.id or b.number != claim.number for b in profiles.current_badges(p)
    )


@pytest.mark.read_only(False)  # it commits changes
def test_registration_number_is_labelled_unchecked_without_a_verified_claim(seeded, client):
    p = published_with_badges()
    for claim in p.claims:
        if claim.body.id == p.regulator_id:
            claim.status = ClaimStatus.PENDING
    db.session.commit()
    html = client.get(f"/practitioners/{p.slug}").text
    assert "Not yet: this is the number the practitioner gave us" in html


def test_profile_carries_schema_org_json_ld(seeded, client):
    p = published_with_badges()
    html = client.get(f"/practitioners/{p.slug}?lat=51.5&lon=-0.1&from=X").text
    assert f'<link rel="canonical" href="http://localhost/practitioners/{p.slug}">' in html
    data = _jsonld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Person"
    assert data["name"] == p.full_name
    assert data["url"].endswith(f"/practitioners/{p.slug}")
    assert len(data["hasCredential"]) == len(profiles.current_badges(p))
    assert data["workLocation"][0]["address"]["postalCode"] == p.clinics[0].postcode
    assert {o["itemOffered"]["name"] for o in data["makesOffer"]} == {
        o.treatment.name for o in p.offers
    }


def test_distance_from_the_searched_place_is_shown(seeded, client):
    p = published_with_badges()
    clinic = p.clinics[0]
    lat, lon = clinic.latitude + 0.03, clinic.longitude
    url = f"/practitioners/{p.slug}?lat={lat}&lon={lon}&from=Somewhere"
    html = client.get(url).text
    # "Somewhere" is no place the geocoder knows, so the page does not repeat it.
    assert re.search(r"\d\.\d miles from your search|[\d] miles? from your search", html)


def test_back_link_only_ever_points_at_a_local_search(seeded, client):
    p = published_with_badges()
    ok = client.get(f"/practitioners/{p.slug}?back=/search?location=LS1").text
    assert 'href="/search?location=LS1"' in ok
    evil = client.get(f"/practitioners/{p.slug}?back=https://evil.example/").text
    assert "evil.example" not in evil


def test_a_draft_profile_is_404(seeded, client):
    p = practitioner_in(PublicationState.DRAFT)
    page = client.get(f"/practitioners/{p.slug}")
    assert page.status_code == 404
    assert p.display_name not in page.text
    assert client.get(f"/api/v1/practitioners/{p.slug}").status_code == 404


@pytest.mark.read_only(False)  # it commits changes
def test_a_suspended_profile_is_gone_without_a_reason(seeded, client):
    p = practitioner_in(PublicationState.SUSPENDED)
    p.suspension_reason = "Unsafe storage of botulinum toxin seen on inspection"
    db.session.commit()
    page = client.get(f"/practitioners/{p.slug}")
    assert page.status_code == 410
    assert "This listing is not available" in page.text
    assert p.display_name not in page.text and "botulinum" not in page.text
    assert "NHS 111" in page.text and "report a concern" in page.text
    assert "/accreditation-bodies" in page.text
    api = client.get(f"/api/v1/practitioners/{p.slug}")
    assert api.status_code == 410
    assert api.get_json()["error"]["code"] == "listing_unavailable"
    assert "botulinum" not in api.text


def test_unknown_profile_is_404(seeded, client):
    assert client.get("/practitioners/nobody-at-all").status_code == 404
