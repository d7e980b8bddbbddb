"""Asking to claim an existing listing, and the admin's approve/refuse service calls."""

from __future__ import annotations

import pytest

from directory.extensions import db
from directory.models import Practitioner
from directory.models.listing_claims import ListingClaim, ListingClaimStatus
from directory.services import ServiceError, accounts, listing_claims


def _unowned() -> Practitioner:
    """The first published listing nobody owns (by id: the rows' order on disk varies)."""
    query = (
        db.select(Practitioner)
        .where(Practitioner.owner_id.is_(None), Practitioner.is_public)
        .order_by(Practitioner.id)
        .limit(1)
    )
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


def test_a_claim_without_a_message_comes_back_with_the_search(seeded, signed_up):
    client = signed_up()
    listing = _unowned()
    query = listing.display_name[:6]
    page = client.get("/account/listing", query_string={"q": query}).text
    assert f'id="message-{listing.id}"' in page and 'id="message"' not in page
    response = client.post(
        f"/account/listing/{listing.id}/claim", query_string={"q": query}, data={"message": " "}
    )
    assert response.status_code == 400
    assert "Tell us how we can confirm the listing is yours." in response.text
    assert listing.full_name in response.text  # the results are still there
    assert db.session.scalar(db.select(db.func.count(ListingClaim.id))) == 0


def test_an_account_with_a_profile_cannot_claim_a_listing(seeded, practitioner):
    listing = _unowned()
    page = practitioner.get("/account/listing", query_string={"q": listing.display_name}).text
    assert "You already have a profile" in page
    practitioner.post(f"/account/listing/{listing.id}/claim", data={"message": "mine"})
    assert db.session.scalar(db.select(db.func.count(ListingClaim.id))) == 0
    db.session.expire_all()
    assert db.session.get(Practitioner, listing.id).owner_id is None


def test_unverified_accounts_cannot_claim(seeded, client):
    from ._support import PASSWORD

    client.post(
        "/sign-up",
        data={"email": "jo@example.org", "password": PASSWORD, "confirm": PASSWORD, "terms": "y"},
    )
    client.post("/sign-in", data={"email": "jo@example.org", "password": PASSWORD})
    listing = _unowned()
    response = client.post(f"/account/listing/{listing.id}/claim", data={"message": "mine"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/verify-email")
    with pytest.raises(ServiceError):
        listing_claims.request_listing_claim(
            accounts.find_by_email("jo@example.org"), listing.id, "mine"
        )
