"""Listing search offers only published listings; the database itself enforces one open
claim per body, one pending claim per listing and a cap on pending listing claims."""

from __future__ import annotations

import io
import threading

import pytest
from sqlalchemy.exc import IntegrityError

from directory.extensions import db
from directory.models import (
    Account,
    AccreditationBody,
    ClaimStatus,
    CredentialClaim,
    Practitioner,
    PublicationState,
)
from directory.models.listing_claims import MAX_OPEN_PER_ACCOUNT, ListingClaim
from directory.services import accounts, claims

from ._support import body_id


def _unowned(count: int, state: PublicationState = PublicationState.PUBLISHED):  # type: ignore[no-untyped-def]
    query = (
        db.select(Practitioner)
        .where(Practitioner.owner_id.is_(None), Practitioner.state == state)
        .order_by(Practitioner.id)
        .limit(count)
    )
    return list(db.session.scalars(query))


@pytest.mark.parametrize("state", [PublicationState.DRAFT, PublicationState.SUSPENDED])
def test_drafts_and_suspended_listings_cannot_be_found_or_claimed(seeded, signed_up, state):
    client = signed_up()
    listing = _unowned(1)[0]
    listing.display_name = "Zebedee Quartermaine"
    listing.state = state
    db.session.commit()
    page = client.get("/account/listing", query_string={"q": "Quartermaine"})
    assert page.status_code == 200
    assert "Zebedee" not in page.text
    answer = client.post(f"/account/listing/{listing.id}/claim", data={"message": "mine"})
    assert answer.status_code == 404
    assert db.session.scalar(db.select(db.func.count(ListingClaim.id))) == 0


def test_an_account_may_have_only_a_few_listing_claims_waiting(seeded, signed_up):
    client = signed_up()
    listings = _unowned(MAX_OPEN_PER_ACCOUNT + 1)
    answers = [
        client.post(f"/account/listing/{p.id}/claim", data={"message": "mine"}) for p in listings
    ]
    assert all(a.headers["Location"] == "/account/" for a in answers[:MAX_OPEN_PER_ACCOUNT])
    assert answers[-1].headers["Location"].startswith("/account/listing")
    page = client.get(answers[-1].headers["Location"]).text
    assert f"You already have {MAX_OPEN_PER_ACCOUNT} listing claims waiting" in page
    count = db.session.scalar(db.select(db.func.count(ListingClaim.id)))
    assert count == MAX_OPEN_PER_ACCOUNT


def _insert_fails(row: object) -> None:
    db.session.add(row)
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_the_database_refuses_duplicate_and_surplus_pending_listing_claims(seeded, signed_up):
    signed_up()
    account = accounts.find_by_email("amira@example.org")
    assert account is not None
    listings = _unowned(MAX_OPEN_PER_ACCOUNT + 1)
    first = ListingClaim(account_id=account.id, practitioner_id=listings[0].id, slot=1)
    db.session.add(first)
    db.session.commit()
    # The same listing again, past any Python check: refused.
    _insert_fails(ListingClaim(account_id=account.id, practitioner_id=listings[0].id, slot=2))
    # A slot already taken, or beyond the cap: refused.
    _insert_fails(ListingClaim(account_id=account.id, practitioner_id=listings[1].id, slot=1))
    over = MAX_OPEN_PER_ACCOUNT + 1
    _insert_fails(ListingClaim(account_id=account.id, practitioner_id=listings[1].id, slot=over))
    # Once decided, the slot and the listing are free again.
    first = db.session.get(ListingClaim, first.id)
    first.status = "refused"
    db.session.commit()
    db.session.add(ListingClaim(account_id=account.id, practitioner_id=listings[0].id, slot=1))
    db.session.commit()


def test_the_database_refuses_a_second_open_claim_to_one_body(seeded, practitioner):
    owner = accounts.find_by_email("amira@example.org")
    profile = db.session.scalar(db.select(Practitioner).filter_by(owner_id=owner.id))
    jccp = db.session.get(AccreditationBody, body_id("jccp"))
    db.session.add(CredentialClaim(practitioner=profile, body=jccp, number="J1"))
    db.session.commit()
    _insert_fails(CredentialClaim(practitioner=profile, body=jccp, number="J2"))
    verified = CredentialClaim(
        practitioner=profile, body=jccp, number="J3", status=ClaimStatus.VERIFIED
    )
    _insert_fails(verified)
    # Closed claims do not count.
    for status in (ClaimStatus.REJECTED, ClaimStatus.EXPIRED, ClaimStatus.REVOKED):
        db.session.add(CredentialClaim(practitioner=profile, body=jccp, number="J", status=status))
    db.session.commit()


def test_parallel_submissions_leave_one_open_claim_and_a_message(
    seeded, practitioner, app, monkeypatch
):
    """Five submissions that all pass the Python check at once (each has loaded the
    profile's claims before any writes): the database keeps one, the rest get the
    form's message. SQLite lets only one writer in at a time, so the race needs
    PostgreSQL; the database rule itself is tested on both above."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("needs concurrent writers (PostgreSQL)")
    owner_id = accounts.find_by_email("amira@example.org").id
    jccp = body_id("jccp")
    loaded = threading.Barrier(5, timeout=20)
    real = claims.own_profile

    def load_then_wait(account):  # type: ignore[no-untyped-def]
        profile = real(account)
        list(profile.claims)
        loaded.wait()
        return profile

    monkeypatch.setattr(claims, "own_profile", load_then_wait)
    outcomes: list[str] = []

    def submit(i: int) -> None:
        with app.app_context():
            account = db.session.get(Account, owner_id)
            upload = claims.Upload(io.BytesIO(b"%PDF-1.4\n%%EOF\n"), f"c{i}.pdf")
            try:
                claims.submit(account, jccp, f"JCCP{i}", upload)
                outcomes.append("saved")
            except claims.ClaimError as exc:
                outcomes.append(exc.message)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert outcomes.count("saved") == 1, outcomes
    assert all("already have a JCCP claim" in o for o in outcomes if o != "saved"), outcomes
    db.session.expire_all()
    mine = db.select(Practitioner.id).filter_by(owner_id=owner_id).scalar_subquery()
    count = db.session.scalar(
        db.select(db.func.count(CredentialClaim.id)).where(
            CredentialClaim.body_id == jccp, CredentialClaim.practitioner_id == mine
        )
    )
    assert count == 1
