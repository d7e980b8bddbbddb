"""Concerns from the public and requests to take over a listing, as admins work them."""

from __future__ import annotations

from directory.extensions import db
from directory.models import AuditEntry, ConcernStatus, ListingClaimStatus
from directory.services import listing_claims

from ._support import make_account, make_practitioner


def test_a_reported_concern_reaches_the_queue_and_is_resolved_once(
    app, admin, admin_client, client
):
    practitioner = make_practitioner("demo-zoe-concern")
    reported = client.post(
        f"/practitioners/{practitioner.slug}/concern",
        data={
            "reason": "safety",
            "details": "Treated me in a kitchen with no hand washing.",
        },
    )
    assert reported.status_code in (302, 303), reported.text
    queue = admin_client.get("/admin/concerns")
    assert "Demo Zoe Concern" in queue.text and "kitchen" in queue.text
    concern_id = int(queue.text.split("/admin/concerns/")[1].split('"')[0])

    short = admin_client.post(f"/admin/concerns/{concern_id}/resolve", data={"note": "ok"})
    assert short.status_code == 400
    note = "Called the clinic; premises now inspected by Save Face."
    done = admin_client.post(f"/admin/concerns/{concern_id}/resolve", data={"note": note})
    assert done.status_code == 302
    again = admin_client.post(f"/admin/concerns/{concern_id}/resolve", data={"note": note})
    assert again.status_code == 409
    resolved = admin_client.get("/admin/concerns?status=closed")
    assert "Demo Zoe Concern" in resolved.text
    assert "No open concerns." in admin_client.get("/admin/concerns").text
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="concern.resolve"))
    assert entry.actor_id == admin.id and entry.reason == note
    assert entry.after == {"status": ConcernStatus.CLOSED.value}


def test_approving_a_listing_claim_hands_over_the_listing(app, admin_client, mailbox):
    listing = make_practitioner("demo-abe-listing")
    claimant = make_account("abe@example.org")
    rival = make_account("not-abe@example.org")
    mine = listing_claims.request_listing_claim(claimant, listing.id, "My GMC number is 7654321.")
    theirs = listing_claims.request_listing_claim(rival, listing.id, "It is me, honestly.")
    page = admin_client.get("/admin/listing-claims")
    assert "My GMC number is 7654321." in page.text and "abe@example.org" in page.text
    response = admin_client.post(f"/admin/listing-claims/{mine.id}/approve")
    assert response.status_code == 302
    db.session.refresh(listing)
    db.session.refresh(theirs)
    assert listing.owner_id == claimant.id
    assert theirs.status is ListingClaimStatus.REFUSED
    assert mailbox.messages("abe@example.org")[-1]["Subject"] == "The listing is now yours"
    told = mailbox.messages("not-abe@example.org")[-1].get_content()
    assert "Another claim was approved." in told


def test_refusing_a_listing_claim_needs_a_reason(app, admin_client, mailbox):
    listing = make_practitioner("demo-bea-refuse")
    claim = listing_claims.request_listing_claim(make_account("bea@example.org"), listing.id, "")
    empty = admin_client.post(f"/admin/listing-claims/{claim.id}/refuse", data={"reason": ""})
    assert empty.status_code == 400 and "Give a reason" in empty.text
    done = admin_client.post(
        f"/admin/listing-claims/{claim.id}/refuse",
        data={"reason": "Could not confirm with the clinic."},
    )
    assert done.status_code == 302
    db.session.refresh(claim)
    assert claim.status is ListingClaimStatus.REFUSED and listing.owner_id is None
    assert "Could not confirm with the clinic." in mailbox.messages()[-1].get_content()


def test_two_admins_approving_rival_claims_at_once_give_the_listing_once(app, admin, monkeypatch):
    import threading

    from directory.models import Account, ListingClaim, Role

    listing = make_practitioner("demo-cal-contested")
    claims = [
        listing_claims.request_listing_claim(make_account(f"{who}@example.org"), listing.id, "")
        for who in ("first", "second")
    ]
    admins = [admin.id, make_account("other-admin@example.org", Role.ADMIN).id]
    both_read = threading.Barrier(2, timeout=10)
    read = listing_claims._pending

    def read_then_wait(claim_id, who):  # noqa: ANN001, ANN202
        found = read(claim_id, who)
        both_read.wait()  # each admin has seen the listing without an owner
        return found

    monkeypatch.setattr(listing_claims, "_pending", read_then_wait)
    outcomes: list[str] = []

    def approve(claim_id: int, admin_id: int) -> None:
        with app.app_context():
            try:
                listing_claims.approve_listing_claim(claim_id, db.session.get(Account, admin_id))
                outcomes.append("won")
            except listing_claims.ListingClaimError:
                outcomes.append("lost")
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=approve, args=(c.id, a))
        for c, a in zip(claims, admins, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["lost", "won"]
    db.session.expire_all()
    statuses = sorted(db.session.get(ListingClaim, c.id).status.value for c in claims)
    assert statuses in (["approved", "pending"], ["approved", "refused"])
    owner = db.session.get(type(listing), listing.id).owner_id
    winner = next(
        c for c in claims if db.session.get(ListingClaim, c.id).status.value == "approved"
    )
    assert owner == winner.account_id


def test_a_long_refusal_reason_is_refused_not_cut(app, admin_client):
    listing = make_practitioner("demo-lon-reason")
    claim = listing_claims.request_listing_claim(make_account("lon@example.org"), listing.id, "")
    long = "We could not confirm this listing with the clinic. " * 20
    response = admin_client.post(f"/admin/listing-claims/{claim.id}/refuse", data={"reason": long})
    assert response.status_code == 400 and "under 500 characters" in response.text
    db.session.refresh(claim)
    assert claim.status is ListingClaimStatus.PENDING
