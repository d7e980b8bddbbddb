"""Asking to claim an existing listing, and the admin's approve/refuse service calls."""

from __future__ import annotations

import pytest

from directory.extensions import db
from directory.models import Practitioner
from directory.models.listing_claims import ListingClaim, ListingClaimStatus
from directory.services import ServiceError, accounts, listing_claims


def _unowned() -> Practitioner:
    query = db.select(Practitioner).where(Practitioner.owner_id.is_(None)).limit(1)
    return db.session.scalar(query)


def test_request_and_approve_a_listing_claim(seeded, signed_up):
    client = signed_up()
    listing = _unowned()
    search = client.get("/account/listing", query_string={"q": listing.display_name[:6]})
    assert listing.full_name in search.text
    response = client.post(
        f"/account/listing/{listing.id}/claim",
        data={"message": "I am on the GMC register; call the clinic."},
    )
    assert response.status_code == 302
    claim = db.session.scalar(db.select(ListingClaim))
    assert claim.status is ListingClaimStatus.PENDING
    # Asking twice is refused; nobody but an admin may decide.
    client.post(f"/account/listing/{listing.id}/claim", data={"message": "again"})
    assert db.session.scalar(db.select(db.func.count(ListingClaim.id))) == 1
    claimant = accounts.find_by_email("amira@example.org")
    with pytest.raises(ServiceError) as refused:
        listing_claims.approve_listing_claim(claim.id, claimant)
    assert refused.value.status == 403

    admin = accounts.create_admin("admin@example.org", "admin password long enough")
    listing_claims.approve_listing_claim(claim.id, admin)
    db.session.expire_all()
    assert db.session.get(Practitioner, listing.id).owner_id == claimant.id
    assert client.get("/account/").status_code == 200
    assert listing.full_name in client.get("/account/").text
    with pytest.raises(ServiceError):
        listing_claims.refuse_listing_claim(claim.id, admin, "too late")


def test_refused_claim_shows_the_reason_and_owned_listings_are_404(seeded, signed_up):
    client = signed_up()
    listing = _unowned()
    client.post(f"/account/listing/{listing.id}/claim", data={"message": "mine"})
    claim = db.session.scalar(db.select(ListingClaim))
    admin = accounts.create_admin("admin@example.org", "admin password long enough")
    with pytest.raises(ServiceError):
        listing_claims.refuse_listing_claim(claim.id, admin, "  ")
    listing_claims.refuse_listing_claim(claim.id, admin, "We could not reach the clinic.")
    assert "We could not reach the clinic." in client.get("/account/").text
    listing.owner_id = admin.id
    db.session.commit()
    response = client.post(f"/account/listing/{listing.id}/claim", data={"message": "mine"})
    assert response.status_code == 404
